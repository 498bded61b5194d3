using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Portal.Auth;

/// <summary>Machine-to-machine APIs: a Cognito access token from the client-credentials grant in
/// <c>Authorization: Bearer</c>. Signature, issuer, expiry, token_use and the allowed client are checked by
/// <see cref="CognitoTokenValidator"/>; the scope by the policies below. Refusals follow RFC 6750: 401 with
/// <c>WWW-Authenticate: Bearer error="invalid_token"</c> (no error code when no token was sent, §3.1),
/// 403 with <c>error="insufficient_scope"</c>; the body is problem-details JSON. Never a redirect.</summary>
public sealed class CognitoBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CognitoTokenValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "CognitoBearer";

    /// <summary>Where <see cref="ScopeRequirementHandler"/> leaves the scope a request lacked, for the 403 header.</summary>
    internal const string MissingScopeItem = "CognitoBearer.MissingScope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <access token>'.");

        var check = await validator.ValidateAccessTokenAsync(header[7..].Trim(), requiredScope: null, Context.RequestAborted);
        if (!check.IsValid)
            return AuthenticateResult.Fail(check.Error!);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(check.Identity!), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.Headers.WWWAuthenticate = failure is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{Quote(failure)}\"";
        await Results.Problem(
            title: "An access token is required",
            detail: failure ?? "Send a Cognito access token from the client-credentials grant: Authorization: Bearer <token>.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var scope = Context.Items[MissingScopeItem] as string ?? "";
        var detail = $"The token lacks the scope '{scope}'; ask for it in the client-credentials request.";
        Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\", error_description=\"{Quote(detail)}\", scope=\"{Quote(scope)}\"";
        await Results.Problem(title: "The token's scope is not enough", detail: detail, statusCode: StatusCodes.Status403Forbidden)
            .ExecuteAsync(Context);
    }

    // RFC 6750 §3: error_description is printable ASCII without '"' and '\'.
    private static string Quote(string text) =>
        string.Concat(text.Select(c => c is '"' or '\\' ? '\'' : c is < ' ' or > '~' ? '?' : c));
}

/// <summary>The bearer API policies: a valid access token (scheme <see cref="CognitoBearerHandler.SchemeName"/> only,
/// never the cookie) carrying the scope.</summary>
public static class CognitoBearerPolicies
{
    public const string OrdersRead = "OrdersRead";
    public const string OrdersWrite = "OrdersWrite";

    /// <summary>Registers the scheme, the scope policies and their handler.</summary>
    public static AuthenticationBuilder AddCognitoBearer(this AuthenticationBuilder authentication)
    {
        authentication.AddScheme<AuthenticationSchemeOptions, CognitoBearerHandler>(CognitoBearerHandler.SchemeName, _ => { });
        authentication.Services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        authentication.Services.Configure<AuthorizationOptions>(o =>
        {
            o.AddPolicy(OrdersRead, Scope("orders/read"));
            o.AddPolicy(OrdersWrite, Scope("orders/write"));
        });
        return authentication;
    }

    private static AuthorizationPolicy Scope(string scope) =>
        new AuthorizationPolicyBuilder(CognitoBearerHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new ScopeRequirement(scope))
            .Build();
}

public sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;

/// <summary>Succeeds when the token's space-separated <c>scope</c> claim holds the scope; otherwise notes which was missing.</summary>
public sealed class ScopeRequirementHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        var scopes = context.User.FindFirst(CognitoClaims.Scope)?.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (scopes.Contains(requirement.Scope, StringComparer.Ordinal))
            context.Succeed(requirement);
        else if (context.Resource is HttpContext http)
            http.Items[CognitoBearerHandler.MissingScopeItem] = requirement.Scope;
        return Task.CompletedTask;
    }
}
