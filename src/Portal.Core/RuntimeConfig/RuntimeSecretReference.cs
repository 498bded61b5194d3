using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.Core.Aws;

namespace Portal.Core.RuntimeConfig;

/// <summary>
/// A configuration value that points at a Secrets Manager secret instead of holding it:
/// <c>secretsmanager:{secret ARN}</c> for the whole SecretString, or <c>secretsmanager:{secret ARN}#{json key}</c>
/// for one property of a JSON secret. Only full ARNs are accepted, never names.
/// </summary>
public sealed partial record RuntimeSecretReference(string Arn, string? JsonKey)
{
    public const string Prefix = "secretsmanager:";

    public string Region => Arn.Split(':')[3];

    public static bool IsReference(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Parses the value of <paramref name="configurationKey"/>; a malformed reference names the key and the expected form.</summary>
    public static RuntimeSecretReference Parse(string configurationKey, string value)
    {
        var match = Reference().Match(value.Trim());
        if (!match.Success)
            throw new RuntimeConfigurationException(
                $"{configurationKey} is not a valid secret reference: write 'secretsmanager:arn:aws:secretsmanager:<region>:<account>:secret:<name>' " +
                "(optionally '#<json key>'), with the secret's full ARN.");
        return new RuntimeSecretReference(match.Groups["arn"].Value, match.Groups["key"].Success ? match.Groups["key"].Value : null);
    }

    /// <summary>The referenced text: the whole SecretString, or the named string property of a JSON secret.</summary>
    public string Select(SecretValue secret, string configurationKey)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (JsonKey is null)
            return secret.SecretString;

        // The secret's text never goes into a message: only the ARN and the key name.
        try
        {
            using var json = JsonDocument.Parse(secret.SecretString);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty(JsonKey, out var property)
                && property.ValueKind == JsonValueKind.String)
                return property.GetString()!;
        }
        catch (JsonException)
        {
            throw new RuntimeConfigurationException(
                $"Secret '{Arn}' (referenced by {configurationKey} with '#{JsonKey}') is not a JSON object; drop '#{JsonKey}' or store the secret as JSON.");
        }

        throw new RuntimeConfigurationException(
            $"Secret '{Arn}' (referenced by {configurationKey}) has no string property '{JsonKey}'; add it to the secret or fix the key after '#'.");
    }

    [GeneratedRegex(@"^secretsmanager:(?<arn>arn:aws(-[a-z]+)*:secretsmanager:[a-z]{2}(-[a-z]+)+-\d+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+)(#(?<key>[^#]+))?$")]
    private static partial Regex Reference();
}
