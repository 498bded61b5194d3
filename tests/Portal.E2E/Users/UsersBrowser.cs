using Microsoft.Extensions.DependencyInjection;

namespace Portal.E2E.Users;

/// <summary>A portal whose open pages re-read their session every 2 seconds and whose clock the test moves past the
/// pool's once-a-minute check, so "within a minute" is tested without waiting a minute; its own audit table.</summary>
public sealed class UsersBrowser : Browser
{
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override IDictionary<string, string?> PortalSettings => new Dictionary<string, string?>
    {
        ["Portal:Circuits:SessionCheckInterval"] = "00:00:02",
        ["Portal:Aws:Tables:Audit"] = $"e2e-audit-{Guid.NewGuid():N}"[..20],
    };

    protected override Action<IServiceCollection> PortalServices => s => s.AddSingleton<TimeProvider>(Clock);
}
