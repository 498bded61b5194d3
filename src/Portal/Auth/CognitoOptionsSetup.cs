using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Auth;

/// <summary>Fills the Cognito authority from the region and user pool in Aws mode.</summary>
public sealed class CognitoOptionsSetup(IOptions<PortalOptions> portal, IOptions<AwsOptions> aws) : IPostConfigureOptions<CognitoOptions>
{
    public void PostConfigure(string? name, CognitoOptions options)
    {
        if (portal.Value.Mode == PortalMode.Aws && string.IsNullOrWhiteSpace(options.Authority) && !string.IsNullOrWhiteSpace(options.UserPoolId))
            options.Authority = $"https://cognito-idp.{aws.Value.Region}.amazonaws.com/{options.UserPoolId}";
    }
}

/// <summary>Stops start-up with a message naming the key when a sign-in setting is missing or malformed.</summary>
public sealed class CognitoOptionsValidator(IOptions<PortalOptions> portal) : IValidateOptions<CognitoOptions>
{
    public ValidateOptionsResult Validate(string? name, CognitoOptions options)
    {
        var errors = new List<string>();
        var s = CognitoOptions.Section;
        var aws = portal.Value.Mode == PortalMode.Aws;

        if (string.IsNullOrWhiteSpace(options.Authority))
            errors.Add(aws
                ? $"{s}:UserPoolId (or {s}:Authority) is required in Aws mode, e.g. 'eu-west-1_AbCdEf123'."
                : $"{s}:Authority is required, e.g. http://127.0.0.1:4569.");
        else if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("http" or "https"))
            errors.Add($"{s}:Authority must be an absolute http(s) URL (got '{options.Authority}').");
        else if (aws && authority.Scheme != "https")
            errors.Add($"{s}:Authority must use https in Aws mode (got '{options.Authority}').");

        if (aws && string.IsNullOrWhiteSpace(options.HostedUiDomain))
            errors.Add($"{s}:HostedUiDomain is required in Aws mode: Cognito's /logout is served there (e.g. portal-main.auth.eu-west-1.amazoncognito.com).");
        if (!string.IsNullOrWhiteSpace(options.HostedUiDomain) && options.HostedUiDomain.Contains('/'))
            errors.Add($"{s}:HostedUiDomain is a host name only, without scheme or path (got '{options.HostedUiDomain}').");

        if (string.IsNullOrWhiteSpace(options.ClientId))
            errors.Add($"{s}:ClientId is required: the app client id of the portal.");
        if (string.IsNullOrWhiteSpace(options.ClientSecret))
            errors.Add($"{s}:ClientSecret is required: the portal's app client is confidential.");
        var scopes = options.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!scopes.Contains("openid"))
            errors.Add($"{s}:Scopes must include 'openid' (got '{options.Scopes}').");
        if (scopes.Contains("offline_access"))
            errors.Add($"{s}:Scopes must not include 'offline_access': Cognito rejects it and gives a refresh token without it.");
        if (string.IsNullOrWhiteSpace(options.AdminGroup))
            errors.Add($"{s}:AdminGroup is required: the Cognito group allowed to change things, e.g. portal-admins.");
        if (!options.CallbackPath.StartsWith('/'))
            errors.Add($"{s}:CallbackPath must start with '/' (got '{options.CallbackPath}').");
        if (options.RefreshBeforeExpiry < TimeSpan.Zero || options.RefreshBeforeExpiry > TimeSpan.FromMinutes(55))
            errors.Add($"{s}:RefreshBeforeExpiry must be between 00:00:00 and 00:55:00 (got '{options.RefreshBeforeExpiry}').");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
