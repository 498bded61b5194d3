using Portal.Auth;
using Portal.Core.Aws;
using Portal.Hosting;

namespace Portal.Endpoints;

/// <summary>Admin action for the local stack: recreate missing tables and the bucket (after wiping its data folder).</summary>
public static class LocalStack
{
    public static IEndpointRouteBuilder MapLocalStackEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/admin/local-resources", async (LocalResourceBootstrapper bootstrapper, Microsoft.Extensions.Options.IOptions<PortalOptions> portal, CancellationToken cancel) =>
            {
                if (portal.Value.Mode != PortalMode.Local)
                    return Results.Problem("Local resources exist only in Local mode; in AWS the CDK app owns the tables and bucket.", statusCode: StatusCodes.Status409Conflict);
                var created = await bootstrapper.EnsureAsync(cancel);
                return Results.Redirect("/?ensured=" + created.Count);
            })
            .RequireAuthorization(AuthorizationPolicies.Admin)
            .RequireAntiforgery();
        return app;
    }
}
