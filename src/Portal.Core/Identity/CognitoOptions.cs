using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Identity;

/// <summary>Cognito sign-in settings, section <c>Portal:Auth</c>.</summary>
public sealed class CognitoOptions
{
    public const string Section = "Portal:Auth";
    public const string SignedOutPath = "/signed-out";

    /// <summary>OpenID issuer. Empty in Aws mode means https://cognito-idp.{region}.amazonaws.com/{UserPoolId}.</summary>
    public string? Authority { get; set; }

    /// <summary>The user pool people sign in to and the Users page administers (locally the stand-in's <c>local_portal</c>).</summary>
    public string? UserPoolId { get; set; }

    /// <summary>Hosted UI domain (e.g. portal-main.auth.eu-west-1.amazoncognito.com); Cognito's /logout lives there.
    /// Empty in Local mode: the local provider serves /logout itself.</summary>
    public string? HostedUiDomain { get; set; }

    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public string Scopes { get; set; } = "openid email profile";

    /// <summary>The Cognito group whose members may run mutating actions.</summary>
    public string AdminGroup { get; set; } = "portal-admins";
    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>How long before the access token expires the portal refreshes it.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest a session lives after signing in, however busy: sliding expiry renews the cookie, not this.</summary>
    public TimeSpan MaxSessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Machine clients whose access tokens the JSON APIs accept as Bearer.</summary>
    public string[] AllowedApiClients { get; set; } = [];

    public Uri AuthorityUri => new(Authority!.TrimEnd('/') + "/");

    /// <summary>Cognito's sign-out endpoint: the hosted UI domain's /logout, or the local provider's.</summary>
    public Uri LogoutEndpoint => HostedUi("logout");

    /// <summary>Where refresh tokens are revoked: /oauth2/revoke on the hosted UI domain (not the issuer), or the local provider's.</summary>
    public Uri RevocationEndpoint => HostedUi("oauth2/revoke");

    /// <summary>Cognito's sign-out: GET {hosted UI}/logout?client_id&amp;logout_uri (it rejects the OpenID
    /// post_logout_redirect_uri). The logout_uri must be one of the app client's sign-out URLs.</summary>
    public string LogoutUrl(string portalOrigin) =>
        $"{LogoutEndpoint}?client_id={Uri.EscapeDataString(ClientId)}&logout_uri={Uri.EscapeDataString(portalOrigin.TrimEnd('/') + SignedOutPath)}";

    private Uri HostedUi(string path) =>
        string.IsNullOrEmpty(HostedUiDomain) ? new Uri(AuthorityUri, path) : new Uri($"https://{HostedUiDomain}/{path}");
}

public static class CognitoOptionsRegistration
{
    /// <summary>Binds and validates <c>Portal:Auth</c> once, however many features ask for it (sign-in, Users).</summary>
    public static IServiceCollection AddCognitoOptions(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<CognitoOptions>)))
            return services;
        services.AddOptions<CognitoOptions>().Bind(configuration.GetSection(CognitoOptions.Section)).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<CognitoOptions>, CognitoOptionsSetup>();
        services.AddSingleton<IValidateOptions<CognitoOptions>, CognitoOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}

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
public sealed partial class CognitoOptionsValidator(IOptions<PortalOptions> portal) : IValidateOptions<CognitoOptions>
{
    public ValidateOptionsResult Validate(string? name, CognitoOptions o)
    {
        var aws = portal.Value.Mode == PortalMode.Aws;
        var authority = Uri.TryCreate(o.Authority, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
        var scopes = o.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        (bool Failed, string Message)[] checks =
        [
            (string.IsNullOrWhiteSpace(o.Authority), aws
                ? $"UserPoolId (or {CognitoOptions.Section}:Authority) is required in Aws mode, e.g. 'eu-west-1_AbCdEf123'."
                : "Authority is required, e.g. http://127.0.0.1:4569."),
            (!string.IsNullOrWhiteSpace(o.Authority) && authority is null, $"Authority must be an absolute http(s) URL (got '{o.Authority}')."),
            (aws && authority is { Scheme: not "https" }, $"Authority must use https in Aws mode (got '{o.Authority}')."),
            (aws && string.IsNullOrWhiteSpace(o.HostedUiDomain),
                "HostedUiDomain is required in Aws mode: Cognito's /logout is served there (e.g. portal-main.auth.eu-west-1.amazoncognito.com)."),
            (o.HostedUiDomain?.Contains('/') == true, $"HostedUiDomain is a host name only, without scheme or path (got '{o.HostedUiDomain}')."),
            (string.IsNullOrWhiteSpace(o.UserPoolId), "UserPoolId is required: the Cognito user pool the portal signs in to and administers, e.g. 'eu-west-1_AbCdEf123' (locally 'local_portal')."),
            (!string.IsNullOrWhiteSpace(o.UserPoolId) && !UserPoolIdPattern().IsMatch(o.UserPoolId),
                $"UserPoolId must look like '<region>_<id>', e.g. 'eu-west-1_AbCdEf123' (got '{o.UserPoolId}')."),
            (string.IsNullOrWhiteSpace(o.ClientId), "ClientId is required: the app client id of the portal."),
            (string.IsNullOrWhiteSpace(o.ClientSecret), "ClientSecret is required: the portal's app client is confidential."),
            (!scopes.Contains("openid"), $"Scopes must include 'openid' (got '{o.Scopes}')."),
            (scopes.Contains("offline_access"), "Scopes must not include 'offline_access': Cognito rejects it and gives a refresh token without it."),
            (string.IsNullOrWhiteSpace(o.AdminGroup), "AdminGroup is required: the Cognito group allowed to change things, e.g. portal-admins."),
            (!o.CallbackPath.StartsWith('/'), $"CallbackPath must start with '/' (got '{o.CallbackPath}')."),
            (o.RefreshBeforeExpiry < TimeSpan.Zero || o.RefreshBeforeExpiry > TimeSpan.FromMinutes(55),
                $"RefreshBeforeExpiry must be between 00:00:00 and 00:55:00 (got '{o.RefreshBeforeExpiry}')."),
            (o.MaxSessionLifetime < TimeSpan.FromMinutes(5) || o.MaxSessionLifetime > TimeSpan.FromDays(7),
                $"MaxSessionLifetime must be between 00:05:00 and 7.00:00:00 (got '{o.MaxSessionLifetime}')."),
        ];
        var errors = checks.Where(c => c.Failed).Select(c => $"{CognitoOptions.Section}:{c.Message}").ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // Cognito's UserPoolIdType.
    [GeneratedRegex(@"^[\w-]+_[0-9a-zA-Z]+$")]
    private static partial Regex UserPoolIdPattern();
}
