using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Auth;
using Portal.Hosting;
using Portal.Components.Pages.Tokens;
using Portal.Core.Tokens;

namespace Portal.Endpoints;

/// <summary>Token refresh: the admin's "Refresh now" form post and the status fragment the page polls with htmx.</summary>
public static class Tokens
{
    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        // Runs the collector in the request, so the redirect lands on a page that already shows the outcome.
        app.MapPost("/tokens/refresh", async (HttpContext http, TokenCollector collector, CancellationToken cancel) =>
            {
                var by = http.User.Identity?.Name is { Length: > 0 } name ? name : "unknown admin";
                var run = await collector.RunAsync(TokenRunTrigger.Manual, by, cancel);
                return Results.Redirect("/tokens?run=" + Uri.EscapeDataString(run.RunId));
            })
            .RequireAuthorization(AuthorizationPolicies.Admin)
            .RequireAntiforgery();

        app.MapGet("/tokens/status", async (TokenDashboard dashboard, CancellationToken cancel) =>
            new RazorComponentResult<TokenStatusPanel>(new { View = await dashboard.LoadAsync(cancel) }));
        return app;
    }
}
