using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Portal.Auth;

public static class DependencyInjection
{
    /// <summary>Cookie sessions signed in through Cognito's hosted UI (authorization code + PKCE),
    /// the admin policy, and token refresh.</summary>
    public static IServiceCollection AddCognitoSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CognitoOptions>().Bind(configuration.GetSection(CognitoOptions.Section)).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<CognitoOptions>, CognitoOptionsSetup>();
        services.AddSingleton<IValidateOptions<CognitoOptions>, CognitoOptionsValidator>();

        services.AddHttpClient(CookieTokenRefresher.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(sp =>
        {
            var cognito = sp.GetRequiredService<IOptions<CognitoOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(CookieTokenRefresher.HttpClientName);
            return new ConfigurationManager<OpenIdConnectConfiguration>(
                new Uri(cognito.AuthorityUri, ".well-known/openid-configuration").ToString(),
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever(http) { RequireHttps = cognito.AuthorityUri.Scheme == Uri.UriSchemeHttps });
        });
        services.AddSingleton<CognitoTokenValidator>();
        services.AddSingleton<CookieTokenRefresher>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = CognitoOAuthHandler.SchemeName;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = "portal.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.AccessDeniedPath = PathString.Empty;
                o.Events.OnValidatePrincipal = c => c.HttpContext.RequestServices.GetRequiredService<CookieTokenRefresher>().ValidatePrincipalAsync(c);
                // A signed-in user without the right group gets a plain 403, not a redirect loop.
                o.Events.OnRedirectToAccessDenied = c =>
                {
                    c.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddOAuth<OAuthOptions, CognitoOAuthHandler>(CognitoOAuthHandler.SchemeName, "Amazon Cognito", _ => { })
            .AddCognitoBearer(); // machine APIs: access tokens from the client-credentials grant (CognitoBearerHandler.cs)
        services.AddSingleton<IConfigureOptions<OAuthOptions>, CognitoOAuthSetup>();
        services.AddSingleton<IConfigureOptions<AuthorizationOptions>, PortalAuthorizationSetup>();
        services.AddAuthorization();
        return services;
    }
}

/// <summary>Maps the Cognito settings onto the framework's OAuth options. The endpoints here are only
/// placeholders the options validation requires: the handler uses the ones from discovery.</summary>
internal sealed class CognitoOAuthSetup(IOptions<CognitoOptions> cognito) : IConfigureNamedOptions<OAuthOptions>
{
    public void Configure(string? name, OAuthOptions options)
    {
        if (name != CognitoOAuthHandler.SchemeName)
            return;
        var c = cognito.Value;
        options.ClientId = c.ClientId;
        options.ClientSecret = c.ClientSecret;
        options.CallbackPath = c.CallbackPath;
        options.UsePkce = true;
        options.SaveTokens = false; // the handler stores them itself, id_token included
        options.AuthorizationEndpoint = new Uri(c.AuthorityUri, "oauth2/authorize").ToString();
        options.TokenEndpoint = new Uri(c.AuthorityUri, "oauth2/token").ToString();
        options.Scope.Clear();
        foreach (var scope in c.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            options.Scope.Add(scope);
        options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Events.OnRemoteFailure = context =>
        {
            context.HttpContext.RequestServices.GetRequiredService<ILogger<CognitoOAuthHandler>>()
                .LogWarning(context.Failure, "Cognito sign-in failed");
            context.Response.Redirect(AuthEndpoints.ErrorPath("sign-in-failed"));
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    public void Configure(OAuthOptions options) => Configure(Options.DefaultName, options);
}
