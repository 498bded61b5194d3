using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Portal.Hosting;

namespace Portal.Auth;

/// <summary>Sign-in, sign-out and the sign-in error redirect.</summary>
public static class AuthEndpoints
{
    public const string ErrorPagePath = "/auth/error";

    public static string ErrorPath(string reason) => $"{ErrorPagePath}?reason={Uri.EscapeDataString(reason)}";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/auth/signin", (string? returnUrl) =>
                Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]))
            .AllowAnonymous();

        // Any signed-in user may sign out; the antiforgery token stops other sites from doing it for them.
        // The cookie handler deletes the server-side session; the OIDC handler's sign-out event sends the browser to Cognito's /logout.
        app.MapPost("/auth/signout", () => Results.SignOut(null, [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]))
            .RequireAntiforgery()
            .WithMetadata(MutationPolicy.AnySignedInUser);
        return app;
    }

    /// <summary>Only same-site paths, so the sign-in cannot be turned into an open redirect.</summary>
    private static string LocalOnly(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}
