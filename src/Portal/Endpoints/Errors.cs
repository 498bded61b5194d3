using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Auth;
using Portal.Components.Pages;

namespace Portal.Endpoints;

/// <summary>Where UseExceptionHandler re-executes a failed request: a plain error page with a reference,
/// never a stack trace. Any method may land here, and it changes nothing.</summary>
public static class Errors
{
    public const string Path = "/error";

    public static IEndpointRouteBuilder MapErrorEndpoints(this IEndpointRouteBuilder app)
    {
        app.Map(Path, (HttpContext http) =>
            {
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return new RazorComponentResult<ErrorPage>(new { RequestId = http.TraceIdentifier });
            })
            .AllowAnonymous()
            .WithMetadata(new MutationPolicy("the error page shows a reference and changes nothing"));
        return app;
    }
}
