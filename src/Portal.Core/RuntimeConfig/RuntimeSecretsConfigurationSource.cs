using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Portal.Core.Aws;

namespace Portal.Core.RuntimeConfig;

/// <summary>
/// Aws mode: resolves every configuration value of the form <c>secretsmanager:{ARN}[#json key]</c>
/// (see <see cref="RuntimeSecretReference"/>) with GetSecretValue at start-up and serves the secret under
/// the same key. Add it LAST, so it sees the final value of every key (appsettings, runtime parameter,
/// environment, command line) and its resolved values win. An unreadable secret stops start-up naming the ARN.
/// </summary>
public sealed class RuntimeSecretsConfigurationSource : IConfigurationSource
{
    private readonly IConfiguration _below;
    private readonly Lazy<IReadOnlyDictionary<string, string?>> _values;

    /// <param name="below">The configuration to scan for references (the builder's, before this source is added).</param>
    public RuntimeSecretsConfigurationSource(IConfiguration below, RuntimeConfigurationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(below);
        ArgumentNullException.ThrowIfNull(settings);
        _below = below;
        Settings = settings;
        // Sources are rebuilt when one is inserted; fetch the secrets only once.
        _values = new Lazy<IReadOnlyDictionary<string, string?>>(Resolve);
    }

    public RuntimeConfigurationSettings Settings { get; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new ResolvedSecretsProvider(this);

    internal IReadOnlyDictionary<string, string?> Values => _values.Value;

    private IReadOnlyDictionary<string, string?> Resolve()
    {
        var references = _below.AsEnumerable()
            .Where(pair => RuntimeSecretReference.IsReference(pair.Value))
            .Select(pair => (Key: pair.Key, Reference: RuntimeSecretReference.Parse(pair.Key, pair.Value!)))
            .ToList();
        if (references.Count == 0)
            return new Dictionary<string, string?>();

        var credentials = Settings.ResolveCredentials($"the secrets referenced by {string.Join(", ", references.Select(r => r.Key))}");
        var secrets = new Dictionary<string, SecretValue>(StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, reference) in references)
        {
            if (!secrets.TryGetValue(reference.Arn, out var secret))
                secrets[reference.Arn] = secret = Read(reference, key, credentials);
            values[key] = reference.Select(secret, key);
        }

        return values;
    }

    private SecretValue Read(RuntimeSecretReference reference, string key, AWSCredentials credentials)
    {
        // A secret is read in its own region (from the ARN), unless an endpoint override points elsewhere.
        var client = new SecretsManagerClient(Settings.SignedHttp, new AwsClientOptions(credentials, reference.Region) { Endpoint = Settings.SecretsManagerServiceUrl });
        try
        {
            return RuntimeConfigurationSettings.Call(() => client.GetSecretValueAsync(reference.Arn));
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            var what = $"Secret '{reference.Arn}' (referenced by {key})";
            throw new RuntimeConfigurationException(e switch
            {
                AmazonServiceException { ErrorCode: "ResourceNotFoundException" } =>
                    $"{what} does not exist or has no current value; check the ARN (including its random suffix) and that the secret has a value.",
                AmazonServiceException { ErrorCode: "AccessDeniedException" or "AccessDenied" } aws =>
                    $"{what} is not readable with these credentials: {aws.Message}. Grant secretsmanager:GetSecretValue on it (and kms:Decrypt for a customer-managed key) to the portal's role.",
                AmazonServiceException aws => $"{what} could not be read: {aws.ErrorCode} (HTTP {(int)aws.StatusCode}): {aws.Message}",
                InvalidOperationException => $"{what} could not be used: {e.Message}",
                _ => $"{what} could not be read: Secrets Manager in {reference.Region} is unreachable ({e.Message}). " +
                     $"Check the network path (NAT or VPC endpoint) or {RuntimeConfigurationSettings.SecretsManagerServiceUrlKey}.",
            }, e);
        }
    }

    private sealed class ResolvedSecretsProvider(RuntimeSecretsConfigurationSource source) : ConfigurationProvider
    {
        public override void Load() => Data = new Dictionary<string, string?>(source.Values, StringComparer.OrdinalIgnoreCase);
    }
}
