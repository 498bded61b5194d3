using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Records;

/// <summary>Records browsing settings, section <c>Portal:Records</c>.</summary>
public sealed class RecordsOptions
{
    public const string Section = "Portal:Records";

    /// <summary>
    /// HMAC key of the page tokens, base64, at least 32 bytes (in AWS a <c>secretsmanager:</c> ARN, resolved at start).
    /// Required in Aws mode. Empty in Local mode: a random key per process, so page tokens do not survive a restart
    /// (a bookmarked "next page" then gets a 400 asking to start from the first page).
    /// </summary>
    public string? PageTokenKey { get; set; }

    /// <summary>
    /// The scope a bearer access token needs for <c>GET /api/vpcs</c>. Browser sessions (the cookie) need none.
    /// A scope of its own rather than orders/read: reading the VPC estate is not an orders permission. The Cognito
    /// resource server (and the local provider's clients.json) must offer it to the machine clients that read VPCs.
    /// </summary>
    public string ApiScope { get; set; } = "vpcs/read";

    /// <summary>The key bytes, or why the setting is unusable.</summary>
    public static (byte[]? Key, string? Error) ParseKey(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return (null, $"{Section}:PageTokenKey is empty; set a base64 key of at least 32 bytes (e.g. `openssl rand -base64 32`).");
        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text.Trim(), bytes, out var written))
            return (null, $"{Section}:PageTokenKey is not base64; set a base64 key of at least 32 bytes (e.g. `openssl rand -base64 32`).");
        if (written < 32)
            return (null, $"{Section}:PageTokenKey has {written} bytes; it needs at least 32 (e.g. `openssl rand -base64 32`).");
        return (bytes[..written], null);
    }
}

/// <summary>Checks the records settings on start; the key may be empty only in Local mode.</summary>
public sealed class RecordsOptionsValidator(IOptions<PortalOptions> portal) : IValidateOptions<RecordsOptions>
{
    public ValidateOptionsResult Validate(string? name, RecordsOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.PageTokenKey) || portal.Value.Mode == PortalMode.Aws)
        {
            var (_, error) = RecordsOptions.ParseKey(options.PageTokenKey);
            if (error is not null)
                errors.Add(error);
        }

        if (string.IsNullOrWhiteSpace(options.ApiScope) || options.ApiScope.Any(c => char.IsWhiteSpace(c) || c is '"' or '\\'))
            errors.Add($"{RecordsOptions.Section}:ApiScope '{options.ApiScope}' is not one OAuth scope; set a single scope such as vpcs/read.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
