using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Portal.Core.Sessions;
using Portal.Core.Identity;

namespace Portal.Auth;

public static class DependencyInjection
{
    /// <summary>Browser sessions signed in at Cognito's hosted UI (OIDC code flow with PKCE) and kept server-side,
    /// Cognito access tokens for the JSON APIs, and the portal's policies.</summary>
    public static IServiceCollection AddCognitoSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCognitoOptions(configuration).AddSessions(configuration).AddSingleton<ITicketStore, DynamoTicketStore>().AddSingleton<SessionValidator>()
            .AddSingleton<RefreshTokenRevoker>().AddHttpClient(RefreshTokenRevoker.HttpClientName);

        // What AddOpenIdConnect registers, with the handler below in place of the framework's.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie().AddJwtBearer()
            .AddRemoteScheme<OpenIdConnectOptions, CognitoSignInHandler>(OpenIdConnectDefaults.AuthenticationScheme, "Amazon Cognito", null);

        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme).Configure<ITicketStore, SessionLifetime>((o, sessions, lifetime) =>
        {
            (o.Cookie.Name, o.Cookie.SameSite, o.Cookie.SecurePolicy) = ("portal.auth", SameSiteMode.Lax, CookieSecurePolicy.SameAsRequest);
            (o.ExpireTimeSpan, o.SlidingExpiration) = (TimeSpan.FromHours(8), true);
            o.AccessDeniedPath = "/access-denied";
            o.SessionStore = sessions; // the cookie holds a session key only, so sign-out can end the session
            o.Events.OnSigningIn = c => { lifetime.Start(c.Properties.Items); return Task.CompletedTask; };
            o.Events.OnValidatePrincipal = c => c.HttpContext.RequestServices.GetRequiredService<SessionValidator>().ValidatePrincipalAsync(c);
        });

        services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme).Configure<IOptions<CognitoOptions>>((o, cognito) =>
        {
            var c = cognito.Value;
            (o.Authority, o.RequireHttpsMetadata) = (c.Authority, c.AuthorityUri.Scheme == Uri.UriSchemeHttps);
            (o.ClientId, o.ClientSecret, o.CallbackPath) = (c.ClientId, c.ClientSecret, c.CallbackPath); // secret sent as client_secret_post
            (o.ResponseType, o.ResponseMode) = (OpenIdConnectResponseType.Code, OpenIdConnectResponseMode.Query); // Cognito has no form_post
            o.UsePkce = o.SaveTokens = true; // SaveTokens: access, refresh and id tokens and expires_at go into the session
            o.MapInboundClaims = false;
            o.TokenValidationParameters = CognitoTokenValidation.Parameters();
            o.Scope.Clear();
            foreach (var scope in c.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                o.Scope.Add(scope);
            // Over plain http locally the default SameSite=None cookies would be dropped; the callback is a top-level GET.
            foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
                (cookie.SameSite, cookie.SecurePolicy) = (SameSiteMode.Lax, CookieSecurePolicy.SameAsRequest);
            o.Events.OnRedirectToIdentityProvider = e =>
            {
                // Where the handler sends the browser after the callback; a challenge takes it from the request path too ("//evil").
                e.Properties.RedirectUri = AuthEndpoints.LocalOnly(e.Properties.RedirectUri);
                if (e.Request.Path.StartsWithSegments("/_blazor"))
                {
                    // A circuit reconnecting after its session ended cannot follow a redirect to the provider: a 401
                    // makes blazor.web.js give up, and the reconnection dialog reloads the page, which signs in.
                    e.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    e.HandleResponse();
                }

                return Task.CompletedTask;
            };
            o.Events.OnTokenValidated = e =>
            {
                // The handler skips the signature check of an id token from the token endpoint (the spec allows it);
                // Cognito signs every token, so an unsigned one is forged.
                if (e.SecurityToken is not { RawSignature.Length: > 0 })
                    e.Fail("The id token is not signed.");
                else if (e.Principal?.FindFirst(CognitoClaims.TokenUse)?.Value != "id")
                    e.Fail("The token is not an id token (token_use must be 'id').");
                return Task.CompletedTask;
            };
            o.Events.OnRemoteFailure = e =>
            {
                e.HttpContext.RequestServices.GetRequiredService<ILogger<CognitoSignInHandler>>().LogWarning(e.Failure, "Cognito sign-in failed");
                e.Response.Redirect(AuthEndpoints.ErrorPath("sign-in-failed"));
                e.HandleResponse();
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToIdentityProviderForSignOut = e =>
            {
                // Cognito has no end_session_endpoint: its /logout lives on the hosted-UI domain.
                e.Response.Redirect(c.LogoutUrl($"{e.Request.Scheme}://{e.Request.Host}"));
                e.HandleResponse();
                return Task.CompletedTask;
            };
        });

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<CognitoOptions>>((o, cognito) =>
        {
            var c = cognito.Value;
            (o.Authority, o.RequireHttpsMetadata, o.MapInboundClaims) = (c.Authority, c.AuthorityUri.Scheme == Uri.UriSchemeHttps, false);
            o.TokenValidationParameters = CognitoTokenValidation.Parameters();
            o.TokenValidationParameters.ValidateAudience = false; // Cognito access tokens have client_id, no aud
            o.Events.OnTokenValidated = e =>
            {
                var client = e.Principal?.FindFirst(CognitoClaims.ClientId)?.Value;
                if (e.Principal?.FindFirst(CognitoClaims.TokenUse)?.Value != "access")
                    e.Fail("The token is not an access token (token_use must be 'access').");
                else if (client is null || !c.AllowedApiClients.Contains(client, StringComparer.Ordinal))
                    e.Fail($"The client '{client}' is not allowed to call this API.");
                return Task.CompletedTask;
            };
            // RFC 6750: no error code when no token came (§3.1), invalid_token with the reason otherwise; problem details.
            o.Events.OnChallenge = e =>
            {
                e.HandleResponse();
                var reason = e.ErrorDescription is { Length: > 0 } described ? described : e.AuthenticateFailure?.Message;
                return Refuse(e.HttpContext, StatusCodes.Status401Unauthorized, "An access token is required",
                    reason ?? "Send a Cognito access token from the client-credentials grant: Authorization: Bearer <token>.",
                    reason is null ? "" : $" error=\"invalid_token\", error_description=\"{Quote(reason)}\"");
            };
            o.Events.OnForbidden = e =>
            {
                var scope = e.HttpContext.Items[ScopeRequirement.MissingItem] as string ?? "";
                var detail = $"The token lacks the scope '{scope}'; ask for it in the client-credentials request.";
                return Refuse(e.HttpContext, StatusCodes.Status403Forbidden, "The token's scope is not enough", detail,
                    $" error=\"insufficient_scope\", error_description=\"{Quote(detail)}\", scope=\"{Quote(scope)}\"");
            };
        });

        services.AddOptions<AuthorizationOptions>().Configure<IOptions<CognitoOptions>>((o, cognito) => AuthorizationPolicies.Configure(o, cognito.Value.AdminGroup));
        return services.AddAuthorization();
    }

    private static Task Refuse(HttpContext http, int status, string title, string detail, string error)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer" + error;
        return Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(http);
    }

    // RFC 6750 §3: error_description is printable ASCII without '"' and '\'.
    private static string Quote(string text) => string.Concat(text.Select(c => c is '"' or '\\' ? '\'' : c is < ' ' or > '~' ? '?' : c));
}

public static class AuthorizationPolicies
{
    public const string Admin = "Admin";

    /// <summary>Signed in for everything; the Admin policy for changes (HTTP endpoints and circuits alike).</summary>
    public static void Configure(AuthorizationOptions o, string adminGroup)
    {
        o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        o.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(adminGroup));
    }
}

/// <summary>A bearer access token must carry <see cref="Scope"/>; with <see cref="OrSession"/> a browser session passes
/// too. It is its own handler: the framework's pass-through handler runs it.</summary>
public sealed record ScopeRequirement(string Scope, bool OrSession = false) : IAuthorizationRequirement, IAuthorizationHandler
{
    /// <summary>Where a refused scope is left for the 403's WWW-Authenticate.</summary>
    public const string MissingItem = "Portal.Auth.MissingScope";

    /// <summary>A policy for machine APIs: a bearer access token (never the cookie) with the scope.</summary>
    public static AuthorizationPolicy Bearer(string scope) =>
        new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scope)).Build();

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        var scopes = context.User.FindFirst(CognitoClaims.Scope)?.Value.Split(' ') ?? [];
        if (scopes.Contains(Scope, StringComparer.Ordinal) || (OrSession && context.User.FindFirst(CognitoClaims.TokenUse)?.Value != "access"))
            context.Succeed(this);
        else if (context.Resource is HttpContext http)
            http.Items[MissingItem] = Scope;
        return Task.CompletedTask;
    }
}

/// <summary>The framework's OIDC handler, except that a provider unreachable when a sign-in starts sends the user
/// to the sign-in error page (the framework throws from reading the discovery document).</summary>
internal sealed class CognitoSignInHandler(IOptionsMonitor<OpenIdConnectOptions> options, ILoggerFactory logger, HtmlEncoder html, UrlEncoder url)
    : OpenIdConnectHandler(options, logger, html, url)
{
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        try
        {
            await base.HandleChallengeAsync(properties);
        }
        catch (InvalidOperationException ex) when (!Response.HasStarted)
        {
            Logger.LogWarning(ex, "Cognito discovery at {Authority} failed", Options.Authority);
            Response.Redirect(AuthEndpoints.ErrorPath("provider-unreachable"));
        }
    }
}
