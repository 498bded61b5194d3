using System.Text.Json;
using Portal.Core.Aws;

namespace Portal.Core.RuntimeConfig;

/// <summary>
/// The JSON the CDK app writes to <c>/portal/{env}/runtime</c> (shape in infra/README.md), checked and
/// turned into the portal's configuration keys. Only names, ARNs and ids: never a secret value.
/// </summary>
public sealed record RuntimeParameter(
    string Environment,
    string Region,
    IReadOnlyDictionary<string, string> Tables,
    string Bucket,
    IReadOnlyDictionary<string, string> Topics,
    string TokenSecretArn,
    string OrdersQueueUrl,
    string OrdersDeadLetterQueueUrl,
    string NotificationsInboxUrl,
    string UserPoolId,
    string Issuer,
    string ClientId,
    string HostedUiDomain,
    string AdminGroup,
    IReadOnlyList<string> MachineClientIds)
{
    /// <summary>JSON table key -> <see cref="TableNames"/> property.</summary>
    private static readonly (string Json, string Key)[] TableKeys =
    [
        ("vpcs", nameof(TableNames.Vpcs)), ("tokenRuns", nameof(TableNames.TokenRuns)), ("leases", nameof(TableNames.Leases)),
        ("notifications", nameof(TableNames.Notifications)), ("orders", nameof(TableNames.Orders)), ("loadJobs", nameof(TableNames.LoadJobs)),
        ("sessions", nameof(TableNames.Sessions)), ("audit", nameof(TableNames.Audit)), ("pipeline", nameof(TableNames.Pipeline)),
    ];

    private static readonly string[] TopicKeys = ["tokens", "orders"];

    /// <summary>Configuration keys whose whole list comes from the parameter: lower layers' entries are hidden.</summary>
    public static readonly IReadOnlyList<string> ReplacedLists = ["Portal:Auth:AllowedApiClients"];

    /// <summary>Parses and checks the value of <paramref name="parameterName"/>; a missing or empty key is named in the error.</summary>
    public static RuntimeParameter Parse(string parameterName, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new RuntimeConfigurationException(
                $"SSM parameter '{parameterName}' is not valid JSON ({e.Message}). Redeploy the config stack (infra/) or fix the value; the shape is in infra/README.md.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new RuntimeConfigurationException(
                    $"SSM parameter '{parameterName}' must hold a JSON object (got {document.RootElement.ValueKind}). Redeploy the config stack (infra/); the shape is in infra/README.md.");
            var root = new JsonReader(parameterName, document.RootElement, path: "");
            var cognito = root.Object("cognito");
            return new RuntimeParameter(
                root.Text("environment"),
                root.Text("region"),
                TableKeys.ToDictionary(t => t.Key, t => root.Object("tables").Text(t.Json)),
                root.Text("bucket"),
                TopicKeys.ToDictionary(t => t, t => root.Object("topics").Text(t)),
                root.Text("tokenSecretArn"),
                root.Text("ordersQueueUrl"),
                root.Text("ordersDeadLetterQueueUrl"),
                root.Text("notificationsInboxUrl"),
                cognito.Text("userPoolId"),
                cognito.Text("issuer"),
                cognito.Text("clientId"),
                cognito.Text("hostedUiDomain"),
                cognito.Text("adminGroup"),
                cognito.Object("machineClientIds").AllTexts());
        }
    }

    /// <summary>The portal's configuration keys (see AwsOptions, CognitoOptions, NotificationOptions, TokenRefreshOptions).</summary>
    public IReadOnlyDictionary<string, string?> ToConfiguration()
    {
        var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{AwsOptions.Section}:Region"] = Region,
            [$"{AwsOptions.Section}:Bucket"] = Bucket,
            ["Portal:Tokens:SecretArn"] = TokenSecretArn,
            ["Portal:Orders:Queue"] = OrdersQueueUrl,
            ["Portal:Orders:DeadLetterQueue"] = OrdersDeadLetterQueueUrl,
            ["Portal:Notifications:Inbox"] = NotificationsInboxUrl,
            ["Portal:Auth:UserPoolId"] = UserPoolId,
            ["Portal:Auth:Authority"] = Issuer,
            ["Portal:Auth:ClientId"] = ClientId,
            // The portal wants a host name (it builds https://{host}/logout); the CDK publishes a base URL.
            ["Portal:Auth:HostedUiDomain"] = HostName(HostedUiDomain),
            ["Portal:Auth:AdminGroup"] = AdminGroup,
        };
        foreach (var (key, table) in Tables)
            keys[$"{AwsOptions.Section}:Tables:{key}"] = table;
        foreach (var (topic, arn) in Topics)
            keys[$"Portal:Notifications:Topics:{topic}"] = arn;
        for (var i = 0; i < MachineClientIds.Count; i++)
            keys[$"Portal:Auth:AllowedApiClients:{i}"] = MachineClientIds[i];
        return keys;
    }

    private static string HostName(string domain)
    {
        var trimmed = domain.Trim().TrimEnd('/');
        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri.Host : trimmed;
    }

    /// <summary>Reads required keys and names the full path of the first one that is missing or not a non-empty string.</summary>
    private readonly struct JsonReader(string parameterName, JsonElement element, string path)
    {
        public JsonReader Object(string key)
        {
            var value = Get(key);
            if (value.ValueKind != JsonValueKind.Object)
                throw Invalid(key, "must be a JSON object");
            return new JsonReader(parameterName, value, PathOf(key));
        }

        public string Text(string key)
        {
            var value = Get(key);
            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                throw Invalid(key, "must be a non-empty string");
            return value.GetString()!.Trim();
        }

        public IReadOnlyList<string> AllTexts()
        {
            var texts = new List<string>();
            foreach (var property in element.EnumerateObject())
                texts.Add(Text(property.Name));
            return texts;
        }

        private JsonElement Get(string key)
        {
            if (!element.TryGetProperty(key, out var value))
                throw new RuntimeConfigurationException(
                    $"SSM parameter '{parameterName}' has no key '{PathOf(key)}'. Redeploy the config stack (infra/) so the parameter has every key listed in infra/README.md.");
            return value;
        }

        private RuntimeConfigurationException Invalid(string key, string rule) =>
            new($"SSM parameter '{parameterName}': key '{PathOf(key)}' {rule}. Redeploy the config stack (infra/) or fix the value; the shape is in infra/README.md.");

        private string PathOf(string key) => path.Length == 0 ? key : $"{path}.{key}";
    }
}
