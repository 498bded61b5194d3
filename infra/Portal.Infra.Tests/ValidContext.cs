namespace Portal.Infra.Tests;

/// <summary>A complete, valid set of CDK context values, as `cdk deploy -c ...` would pass them.</summary>
public static class ValidContext
{
    public const string CertificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
    public const string CallbackUrl = "https://portal.example.com/signin-oidc";
    public const string SecondCallbackUrl = "http://localhost:5000/signin-oidc";
    public const string LogoutUrl = "https://portal.example.com/signed-out";

    public static Dictionary<string, object> For(string environment) => new()
    {
        ["env"] = environment,
        ["certificateArn"] = CertificateArn,
        ["callbackUrls"] = $"{CallbackUrl},{SecondCallbackUrl}",
        ["logoutUrls"] = LogoutUrl,
        ["hostedUiDomainPrefix"] = $"acme-portal-{environment}",
        ["image"] = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/portal",
        ["tag"] = "1.4.2",
    };

    public static Func<string, object?> Lookup(Dictionary<string, object> values) =>
        key => values.TryGetValue(key, out var value) ? value : null;
}
