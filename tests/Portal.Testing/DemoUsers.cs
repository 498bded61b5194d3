using System.Text.Json;

namespace Portal.Testing;

/// <summary>The local provider's users, read from infra/local/users.json so the tests and the
/// README's demo users cannot drift apart.</summary>
public sealed record DemoUser(string Username, string Password, string[] Groups)
{
    private static readonly Lazy<IReadOnlyDictionary<string, DemoUser>> All = new(Load);

    public static DemoUser Admin => All.Value["admin"];

    public static DemoUser Viewer => All.Value["viewer"];

    private static IReadOnlyDictionary<string, DemoUser> Load()
    {
        var path = Path.Combine(LocalStack.RepositoryRoot, "infra", "local", "users.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var users = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement : json.RootElement.GetProperty("users");
        return users.EnumerateArray()
            .Select(u => new DemoUser(
                u.GetProperty("username").GetString()!,
                u.GetProperty("password").GetString()!,
                u.TryGetProperty("groups", out var g) ? g.EnumerateArray().Select(x => x.GetString()!).ToArray() : []))
            .ToDictionary(u => u.Username);
    }
}
