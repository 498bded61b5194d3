using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Hosting;

namespace Portal.Auth;

/// <summary>Sign-in, sign-out and the sign-in error redirect.</summary>
public static class AuthEndpoints
{
    public const string ErrorPagePath = "/auth/error";

    public static string ErrorPath(string reason) => $"{ErrorPagePath}?reason={Uri.EscapeDataString(reason)}";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        // OnRedirectToIdentityProvider checks the RedirectUri of this and of every other challenge (LocalOnly).
        app.MapGet("/auth/signin", (string? returnUrl) =>
                Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [OpenIdConnectDefaults.AuthenticationScheme]))
            .AllowAnonymous();

        // Any signed-in user may sign out; the antiforgery token stops other sites from doing it for them.
        // The cookie handler deletes the server-side session; the OIDC handler's sign-out event sends the browser to Cognito's /logout.
        app.MapPost("/auth/signout", () => Results.SignOut(null, [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]))
            .RequireAntiforgery()
            .WithMetadata(MutationPolicy.AnySignedInUser);
        return app;
    }

    /// <summary>A path of this site, else "/": the framework's local-URL check, and printable ASCII only, since browsers
    /// drop tabs and line breaks ("/\t/evil" is "//evil") and Kestrel refuses the rest in a Location header.</summary>
    public static string LocalOnly(string? url) =>
        RedirectHttpResult.IsLocalUrl(url) && url[0] == '/' && url.All(c => c is > ' ' and <= '~') ? url : "/";
}
