using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Configuration;
using Portal.Core.Aws;

namespace Portal.Core.RuntimeConfig;

/// <summary>
/// Where the portal reads its runtime settings in Aws mode and how it signs the calls: the parameter
/// name, the region, optional SSM / Secrets Manager endpoints (tests, VPC endpoints) and credentials
/// (the SDK's default chain: task role, profile, environment).
/// </summary>
public sealed partial record RuntimeConfigurationSettings(string Environment, string ParameterName, string Region)
{
    /// <summary>Explicit parameter name; empty means <c>/portal/{Portal:Environment}/runtime</c>.</summary>
    public const string ParameterKey = "Portal:RuntimeParameter";

    public const string SsmServiceUrlKey = $"{AwsOptions.Section}:{nameof(AwsOptions.SsmServiceUrl)}";

    public const string SecretsManagerServiceUrlKey = $"{AwsOptions.Section}:{nameof(AwsOptions.SecretsManagerServiceUrl)}";

    private HttpClient? _signedHttp;

    /// <summary>Null means the public regional endpoint.</summary>
    public Uri? SsmServiceUrl { get; init; }

    public Uri? SecretsManagerServiceUrl { get; init; }

    public Func<AWSCredentials> Credentials { get; init; } = () => DefaultAWSCredentialsIdentityResolver.GetCredentials();

    /// <summary><c>Portal:Aws:Retry</c>, as the portal's clients get it later.</summary>
    public AwsRetryOptions Retry { get; init; } = new();

    /// <summary>The signed clients' HttpClient (Secrets Manager), made on first use.</summary>
    internal HttpClient SignedHttp => _signedHttp ??= SignedAwsTransport.CreateHttpClient(Retry);

    public static string DefaultParameterName(string environment) => $"/portal/{environment}/runtime";

    /// <summary>
    /// Reads the settings from configuration. The region is <c>Portal:Aws:Region</c>, else AWS_REGION /
    /// AWS_DEFAULT_REGION (which ECS sets); a bad value stops start-up naming the key.
    /// </summary>
    public static RuntimeConfigurationSettings From(IConfiguration configuration, Func<string, string?> environmentVariable)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environmentVariable);

        var environment = configuration[$"{PortalOptions.Section}:Environment"]?.Trim() ?? "main";
        if (!EnvironmentPattern().IsMatch(environment))
            throw new RuntimeConfigurationException(
                $"Portal:Environment must be lowercase letters, digits and hyphens, such as 'main' or 'feature-x' (got '{environment}'); it picks the runtime parameter /portal/{{env}}/runtime.");

        var parameterName = NonEmpty(configuration[ParameterKey]) ?? DefaultParameterName(environment);
        if (!ParameterNamePattern().IsMatch(parameterName))
            throw new RuntimeConfigurationException(
                $"{ParameterKey} must be a full SSM parameter name such as '/portal/{environment}/runtime' (got '{parameterName}').");

        var (regionKey, region) = FirstSet(
            ($"{AwsOptions.Section}:Region", configuration[$"{AwsOptions.Section}:Region"]),
            ("AWS_REGION", environmentVariable("AWS_REGION")),
            ("AWS_DEFAULT_REGION", environmentVariable("AWS_DEFAULT_REGION")));
        if (region is null)
            throw new RuntimeConfigurationException(
                $"No region to read '{parameterName}' from: set {AwsOptions.Section}:Region (env Portal__Aws__Region) or AWS_REGION.");
        try
        {
            AwsRegion.Validate(region);
        }
        catch (ArgumentException e)
        {
            throw new RuntimeConfigurationException($"{regionKey}: {e.Message}");
        }

        var retry = configuration.GetSection(AwsRetryOptions.Section).Get<AwsRetryOptions>() ?? new AwsRetryOptions();
        if (retry.Problems().FirstOrDefault() is { } problem)
            throw new RuntimeConfigurationException(problem);

        return new RuntimeConfigurationSettings(environment, parameterName, region)
        {
            SsmServiceUrl = Url(configuration, SsmServiceUrlKey),
            SecretsManagerServiceUrl = Url(configuration, SecretsManagerServiceUrlKey),
            Retry = retry,
        };
    }

    /// <summary>Resolves credentials now, so a missing role or profile is reported before any call.</summary>
    internal AWSCredentials ResolveCredentials(string forWhat)
    {
        try
        {
            return Credentials();
        }
        catch (AmazonClientException e)
        {
            throw new RuntimeConfigurationException(
                $"No AWS credentials to read {forWhat}: {e.Message} In ECS the task role provides them; elsewhere set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.", e);
        }
    }

    /// <summary>Runs one start-up call to completion. Configuration providers load synchronously; running on
    /// the thread pool keeps a caller's synchronization context out of the awaits.</summary>
    internal static T Call<T>(Func<Task<T>> call) => Task.Run(call).GetAwaiter().GetResult();

    private static Uri? Url(IConfiguration configuration, string key)
    {
        var value = NonEmpty(configuration[key]);
        if (value is null)
            return null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new RuntimeConfigurationException($"{key} must be an absolute http(s) URL, or empty for the real endpoint (got '{value}').");
        return uri;
    }

    private static (string Key, string? Value) FirstSet(params (string Key, string? Value)[] candidates) =>
        candidates.Select(c => (c.Key, NonEmpty(c.Value))).FirstOrDefault(c => c.Item2 is not null, (candidates[0].Key, null));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex EnvironmentPattern();

    // SSM: hierarchical names start with '/', use a-zA-Z0-9_.-/ and are at most 1011 characters.
    [GeneratedRegex("^/[A-Za-z0-9_.\\-/]{1,1010}$")]
    private static partial Regex ParameterNamePattern();
}
