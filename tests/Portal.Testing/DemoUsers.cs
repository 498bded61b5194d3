using System.Text.Json;

namespace Portal.Testing;

/// <summary>The local provider's users, read from infra/local/users.json so the tests and the
/// README's demo users cannot drift apart.</summary>
public sealed record DemoUser(string Username, string Password, string[] Groups)
{
    private static readonly Lazy<JsonElement> Seed = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(LocalStack.RepositoryRoot, "infra", "local", "users.json"))).RootElement.Clone());

    private static readonly Lazy<IReadOnlyDictionary<string, DemoUser>> All = new(Load);

    /// <summary>The stand-in's user pool id.</summary>
    public static string UserPoolId => Seed.Value.GetProperty("userPoolId").GetString()!;

    public static DemoUser Admin => All.Value["admin"];

    public static DemoUser Viewer => All.Value["viewer"];

    private static IReadOnlyDictionary<string, DemoUser> Load() =>
        Seed.Value.GetProperty("users").EnumerateArray()
            .Select(u => new DemoUser(
                u.GetProperty("username").GetString()!,
                u.GetProperty("password").GetString()!,
                u.TryGetProperty("groups", out var g) ? g.EnumerateArray().Select(x => x.GetString()!).ToArray() : []))
            .ToDictionary(u => u.Username);
}
