using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Microsoft.Extensions.Configuration;
using Portal.Core.Aws;

namespace Portal.Core.RuntimeConfig;

/// <summary>
/// Aws mode: the runtime parameter (<c>/portal/{env}/runtime</c>) as a configuration layer. Insert it above
/// appsettings and below environment variables and the command line, so those still win. The parameter
/// is read once, at the first load; any failure stops start-up with a <see cref="RuntimeConfigurationException"/>.
/// </summary>
public sealed class RuntimeConfigurationSource : IConfigurationSource
{
    /// <summary>appsettings.json holds the local stack's endpoints, keys and client secrets. In AWS these
    /// must be empty: the default credential chain, the real endpoints, secrets from Secrets Manager
    /// (the portal client secret arrives from ECS as env Portal__Auth__ClientSecret, which still wins).</summary>
    public static readonly IReadOnlyList<string> LocalOnlyKeys =
    [
        $"{AwsOptions.Section}:DynamoDbServiceUrl", $"{AwsOptions.Section}:S3ServiceUrl", $"{AwsOptions.Section}:CognitoServiceUrl",
        $"{AwsOptions.Section}:SqsServiceUrl", $"{AwsOptions.Section}:SnsServiceUrl",
        $"{AwsOptions.Section}:AccessKeyId", $"{AwsOptions.Section}:SecretAccessKey",
        "Portal:Auth:ClientSecret", "Portal:Tokens:ClientSecret",
    ];

    private readonly Lazy<IReadOnlyDictionary<string, string?>> _values;

    public RuntimeConfigurationSource(RuntimeConfigurationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        // Configuration sources are rebuilt whenever one is inserted: read SSM only once.
        _values = new Lazy<IReadOnlyDictionary<string, string?>>(Read);
    }

    public RuntimeConfigurationSettings Settings { get; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new RuntimeConfigurationProvider(this);

    internal IReadOnlyDictionary<string, string?> Values => _values.Value;

    private IReadOnlyDictionary<string, string?> Read()
    {
        var name = Settings.ParameterName;
        var credentials = Settings.ResolveCredentials($"SSM parameter '{name}'");
        var config = AwsSdkConfig.For<AmazonSimpleSystemsManagementConfig>(Settings.Region, Settings.SsmServiceUrl?.ToString(), Settings.Retry);
        using var ssm = new AmazonSimpleSystemsManagementClient(credentials, config);
        string json;
        try
        {
            json = RuntimeConfigurationSettings.Call(async () =>
                (await ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true })).Parameter.Value);
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException or OperationCanceledException)
        {
            throw new RuntimeConfigurationException(ExplainReadFailure(e), e);
        }

        var runtime = RuntimeParameter.Parse(name, json);
        if (!string.Equals(runtime.Environment, Settings.Environment, StringComparison.Ordinal))
            throw new RuntimeConfigurationException(
                $"SSM parameter '{name}' is for environment '{runtime.Environment}' but Portal:Environment is '{Settings.Environment}'. " +
                $"Set Portal:Environment to '{runtime.Environment}', or point {RuntimeConfigurationSettings.ParameterKey} at this environment's parameter.");

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in LocalOnlyKeys)
            values[key] = string.Empty;
        foreach (var (key, value) in runtime.ToConfiguration())
            values[key] = value;
        return values;
    }

    private string ExplainReadFailure(Exception error)
    {
        var name = Settings.ParameterName;
        var where = $"in {Settings.Region} ({Settings.SsmServiceUrl ?? AwsRegion.DefaultEndpoint("ssm", Settings.Region)})";
        return error switch
        {
            AmazonServiceException { ErrorCode: "ParameterNotFound" } =>
                $"SSM parameter '{name}' does not exist {where}. Deploy the portal-{Settings.Environment}-config stack (infra/), " +
                $"or set Portal:Environment / {RuntimeConfigurationSettings.ParameterKey} / Portal:Aws:Region to where the parameter is.",
            AmazonServiceException { ErrorCode: "AccessDeniedException" or "AccessDenied" } aws =>
                $"Not allowed to read SSM parameter '{name}' {where}: {aws.Message}. Grant ssm:GetParameter on it to the " +
                "portal's role (the CDK task role does) or use credentials that have it.",
            AmazonServiceException aws => $"Reading SSM parameter '{name}' {where} failed: {aws.ErrorCode} (HTTP {(int)aws.StatusCode}): {aws.Message}",
            _ => $"Could not reach SSM {where} to read parameter '{name}': {error.Message}. Check the network path to SSM " +
                 $"(NAT or VPC endpoint) or {RuntimeConfigurationSettings.SsmServiceUrlKey}.",
        };
    }
}

/// <summary>Serves the parameter's keys; the lists the parameter owns replace, not merge with, lower layers' entries.</summary>
internal sealed class RuntimeConfigurationProvider(RuntimeConfigurationSource source) : ConfigurationProvider
{
    public override void Load() => Data = new Dictionary<string, string?>(source.Values, StringComparer.OrdinalIgnoreCase);

    public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
    {
        // appsettings.json lists three local machine clients; the parameter's two must not leave the third behind.
        var replaced = parentPath is not null && RuntimeParameter.ReplacedLists.Contains(parentPath, StringComparer.OrdinalIgnoreCase);
        return base.GetChildKeys(replaced ? [] : earlierKeys, parentPath);
    }
}
