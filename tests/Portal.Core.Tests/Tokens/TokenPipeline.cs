using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Notifications;
using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

/// <summary>
/// The token job wired exactly as the portal wires it (AddPortalAws + AddNotifications + AddTokenRefresh)
/// against the shared local stack, with its own tables and object key so tests cannot see each other's runs.
/// The token endpoint defaults to the local provider's machine client token-job.
/// </summary>
public sealed class TokenPipeline : IAsyncDisposable
{
    private TokenPipeline(ServiceProvider services, string objectKey, ManualClock? clock)
    {
        Services = services;
        ObjectKey = objectKey;
        Clock = clock;
    }

    public ServiceProvider Services { get; }
    public string ObjectKey { get; }
    public ManualClock? Clock { get; }

    public TokenCollector Collector => Services.GetRequiredService<TokenCollector>();
    public TokenStore Store => Services.GetRequiredService<TokenStore>();
    public TokenRunHistory History => Services.GetRequiredService<TokenRunHistory>();
    public NotificationFeed Feed => Services.GetRequiredService<NotificationFeed>();
    public IAmazonS3 S3 => Services.GetRequiredService<IAmazonS3>();

    public static async Task<TokenPipeline> StartAsync(Uri? tokenEndpoint = null, ManualClock? clock = null,
        IDictionary<string, string?>? settings = null, string? shareTablesWith = null)
    {
        var stack = await LocalStack.Shared;
        var name = shareTablesWith ?? Guid.NewGuid().ToString("N")[..10];
        var objectKey = $"tokens-{name}/access_token.txt";
        var merged = new Dictionary<string, string?>
        {
            ["Portal:Aws:Tables:TokenRuns"] = $"test-token-runs-{name}",
            ["Portal:Aws:Tables:Leases"] = $"test-leases-{name}",
            ["Portal:Aws:Tables:Notifications"] = $"test-notifications-{name}",
            ["Portal:Tokens:TokenEndpoint"] = (tokenEndpoint ?? LocalProviderTokenEndpoint(stack)).ToString(),
            ["Portal:Tokens:ClientId"] = "token-job",
            ["Portal:Tokens:ClientSecret"] = "token-job-secret",
            ["Portal:Tokens:Scope"] = "partner/read",
            ["Portal:Tokens:ObjectKey"] = objectKey,
            ["Portal:Tokens:Timeout"] = "00:00:02",
            ["Portal:Tokens:SchedulerEnabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            merged[key] = value;
        void Configure(IServiceCollection s, Microsoft.Extensions.Configuration.IConfiguration c)
        {
            s.AddNotifications(c);
            s.AddTokenRefresh(c);
            if (clock is not null)
                s.AddSingleton<TimeProvider>(clock);
        }

        // Tables and bucket are made on the real stack even when a test points S3 at a loopback recorder.
        var bootstrapSettings = new Dictionary<string, string?>(merged);
        bootstrapSettings.Remove("Portal:Aws:S3ServiceUrl");
        await using (var bootstrap = stack.Services(Configure, bootstrapSettings))
            await LocalStack.EnsureResourcesAsync(bootstrap);
        return new TokenPipeline(stack.Services(Configure, merged), objectKey, clock);
    }

    public static Uri LocalProviderTokenEndpoint(LocalStack stack) => new(stack.Oidc, "oauth2/token");

    /// <summary>The stored token itself, read straight from S3 (only tests look at it).</summary>
    public async Task<string?> RawTokenAsync()
    {
        try
        {
            using var response = await S3.GetObjectAsync("portal-data", ObjectKey);
            using var reader = new StreamReader(response.ResponseStream);
            return await reader.ReadToEndAsync();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
