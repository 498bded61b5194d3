using Microsoft.Extensions.Options;

namespace Portal.Core.Records;

/// <summary>Records browsing settings, section <c>Portal:Records</c>.</summary>
public sealed class RecordsOptions
{
    public const string Section = "Portal:Records";

    /// <summary>
    /// The scope a bearer access token needs for <c>GET /api/vpcs</c>. Browser sessions (the cookie) need none.
    /// A scope of its own rather than orders/read: reading the VPC estate is not an orders permission. The Cognito
    /// resource server (and the local provider's clients.json) must offer it to the machine clients that read VPCs.
    /// </summary>
    public string ApiScope { get; set; } = "vpcs/read";
}

/// <summary>Checks the records settings on start.</summary>
public sealed class RecordsOptionsValidator : IValidateOptions<RecordsOptions>
{
    public ValidateOptionsResult Validate(string? name, RecordsOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiScope) || options.ApiScope.Any(c => char.IsWhiteSpace(c) || c is '"' or '\\'))
            errors.Add($"{RecordsOptions.Section}:ApiScope '{options.ApiScope}' is not one OAuth scope; set a single scope such as vpcs/read.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
