using System.Text.RegularExpressions;

namespace Portal.Infra.Settings;

/// <summary>
/// Everything one deployment of the portal needs to know, read from CDK context
/// (`-c key=value` or the `context` block of cdk.json) and validated before any stack is built,
/// so a typo fails fast with a message instead of a half-made CloudFormation change set.
/// </summary>
public sealed partial record DeploymentSettings
{
    public required PortalEnvironmentName Environment { get; init; }
    public required string CertificateArn { get; init; }
    public required IReadOnlyList<string> CallbackUrls { get; init; }
    public required IReadOnlyList<string> LogoutUrls { get; init; }
    public required string HostedUiDomainPrefix { get; init; }
    public required ContainerImageSource Image { get; init; }
    public string VpcCidr { get; init; } = "10.40.0.0/16";
    /// <summary>The portal's liveness endpoint (it serves /health/live and /health/ready, not /health).</summary>
    public string HealthCheckPath { get; init; } = "/health/live";

    /// <summary>Prefix of every physical name: `portal-{env}`.</summary>
    public string NamePrefix => $"portal-{Environment}";

    public string RuntimeParameterName => $"/portal/{Environment}/runtime";

    /// <param name="context">Looks a context key up; returns null when it is not set.</param>
    public static DeploymentSettings FromContext(Func<string, object?> context)
    {
        var environment = PortalEnvironmentName.Parse(Text(context, "env"));
        var settings = new DeploymentSettings
        {
            Environment = environment,
            CertificateArn = CertificateArnFrom(Required(context, "certificateArn", "arn:aws:acm:<region>:<account>:certificate/<id>")),
            CallbackUrls = UrlsFrom(context, "callbackUrls"),
            LogoutUrls = UrlsFrom(context, "logoutUrls"),
            HostedUiDomainPrefix = DomainPrefixFrom(Text(context, "hostedUiDomainPrefix") ?? $"portal-{environment}"),
            Image = ContainerImageSource.Parse(Text(context, "image"), Text(context, "tag"), Text(context, "containerAssetPath")),
        };

        var vpcCidr = Text(context, "vpcCidr");
        if (vpcCidr is not null)
        {
            if (!VpcCidrShape().IsMatch(vpcCidr))
            {
                throw new ArgumentException($"vpcCidr '{vpcCidr}' is not an IPv4 CIDR from /16 to /24 (e.g. 10.40.0.0/16).");
            }

            settings = settings with { VpcCidr = vpcCidr };
        }

        var healthCheckPath = Text(context, "healthCheckPath");
        if (healthCheckPath is not null && !healthCheckPath.StartsWith('/'))
        {
            throw new ArgumentException($"healthCheckPath '{healthCheckPath}' must be a path starting with '/' (e.g. /health/live).");
        }

        return healthCheckPath is null ? settings : settings with { HealthCheckPath = healthCheckPath };
    }

    private static string? Text(Func<string, object?> context, string key) =>
        context(key) switch
        {
            null => null,
            string s when string.IsNullOrWhiteSpace(s) => null,
            string s => s.Trim(),
            var other => other.ToString(),
        };

    private static string Required(Func<string, object?> context, string key, string example) =>
        Text(context, key) ?? throw new ArgumentException($"Context value '{key}' is missing: pass `-c {key}={example}`.");

    private static string CertificateArnFrom(string arn)
    {
        if (!CertificateArnShape().IsMatch(arn))
        {
            throw new ArgumentException(
                $"certificateArn '{arn}' is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>).");
        }

        return arn;
    }

    /// <summary>
    /// Accepts a comma-separated string (`-c callbackUrls=https://a/x,https://b/x`) or a JSON array
    /// in cdk.json. Cognito accepts plain http only for localhost.
    /// </summary>
    private static IReadOnlyList<string> UrlsFrom(Func<string, object?> context, string key)
    {
        var raw = context(key);
        var values = raw switch
        {
            null => [],
            string s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            IEnumerable<object> list => list.Select(item => item?.ToString()?.Trim() ?? string.Empty).Where(v => v.Length > 0).ToArray(),
            var other => [other.ToString() ?? string.Empty],
        };

        if (values.Length == 0)
        {
            throw new ArgumentException(
                $"Context value '{key}' is missing: pass `-c {key}=https://portal.example.com/...` (comma-separated for several).");
        }

        foreach (var value in values)
        {
            var ok = Uri.TryCreate(value, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
                && string.IsNullOrEmpty(uri.Fragment);
            if (!ok)
            {
                throw new ArgumentException(
                    $"{key} entry '{value}' is not allowed: Cognito needs an absolute https URL without a #fragment (http only for localhost).");
            }
        }

        return values;
    }

    private static string DomainPrefixFrom(string prefix)
    {
        // Cognito's rules for a prefix domain: lowercase letters, digits, hyphens, and no reserved words.
        if (!DomainPrefixShape().IsMatch(prefix)
            || prefix.Contains("aws", StringComparison.Ordinal)
            || prefix.Contains("amazon", StringComparison.Ordinal)
            || prefix.Contains("cognito", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"hostedUiDomainPrefix '{prefix}' is not valid: use 1-63 lowercase letters, digits and hyphens, " +
                "not starting or ending with a hyphen and not containing 'aws', 'amazon' or 'cognito'.");
        }

        return prefix;
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/[A-Za-z0-9-]+$")]
    private static partial Regex CertificateArnShape();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DomainPrefixShape();

    [GeneratedRegex(@"^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)/(?:1[6-9]|2[0-4])$")]
    private static partial Regex VpcCidrShape();
}
