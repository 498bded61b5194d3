namespace Portal.E2E.Tokens;

/// <summary>The browser fixture with a portal whose token runs, leases and notifications are its own,
/// so the runs a test sees are the ones it caused.</summary>
public sealed class TokenBrowser : Browser
{
    private static readonly string Name = Guid.NewGuid().ToString("N")[..10];

    protected override IDictionary<string, string?> PortalSettings => new Dictionary<string, string?>
    {
        ["Portal:Aws:Tables:TokenRuns"] = $"e2e-token-runs-{Name}",
        ["Portal:Aws:Tables:Leases"] = $"e2e-leases-{Name}",
        ["Portal:Aws:Tables:Notifications"] = $"e2e-notifications-{Name}",
        ["Portal:Tokens:ObjectKey"] = $"tokens-{Name}/access_token.txt",
    };
}
