using Microsoft.Extensions.Options;
using Portal.Core.Identity;

namespace Portal.Hosting;

/// <summary>Headers on every response. The CSP allows no inline script; inline styles are allowed because MudBlazor
/// sets style attributes and its theme provider writes a &lt;style&gt; block of CSS variables. form-action includes the
/// sign-in provider because Chromium applies form-action to the redirect after the sign-out form post.</summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<CognitoOptions> cognito)
{
    private readonly string _policy = string.Join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        $"form-action 'self' {Origin(cognito.Value.AuthorityUri)} {Origin(cognito.Value.LogoutEndpoint)}",
        "frame-ancestors 'none'");

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = _policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.XFrameOptions = "DENY";
        // Whatever a signed-in user or machine client receives (pages, fragments, JSON, exports) may hold
        // data of that session: no browser or proxy cache keeps it. Decided when the answer starts, after
        // authentication has run; anonymous static files stay cacheable.
        context.Response.OnStarting(() =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
}
