using Microsoft.AspNetCore.Components.Endpoints;
using Portal.Auth;
using Portal.Components.Pages.Records;
using Portal.Components.Pages.Vpcs;
using Portal.Core.Vpcs;
using Portal.Hosting;

namespace Portal.Endpoints;

/// <summary>
/// The records pages' form post: an admin tears a VPC down after typing its name. The pages (list, detail) are Razor
/// components under Components/Pages/Records; the JSON API and exports are <see cref="RecordsApi"/>.
/// </summary>
public static class Records
{
    public static IEndpointRouteBuilder MapRecordEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapRecordsApi();
        app.MapPost("/records/{requestId}/teardown", TearDownAsync)
            .RequireAuthorization(AuthorizationPolicies.Admin)
            .RequireAntiforgery();
        return app;
    }

    private static async Task TearDownAsync(string requestId, HttpContext context, VpcRecordStore store, VpcTeardown teardown)
    {
        var record = VpcRequestIds.IsValid(requestId) ? await store.GetAsync(requestId, context.RequestAborted) : null;
        if (record is null)
        {
            await Results.Problem($"There is no VPC record '{requestId}'.", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var typed = form["confirmName"].ToString().Trim();
        if (!string.Equals(typed, record.Name, StringComparison.Ordinal))
        {
            var said = typed.Length == 0 ? "Nothing was typed" : $"'{typed}' is not the VPC's name";
            await ShowDetailAgainAsync(context, StatusCodes.Status422UnprocessableEntity,
                $"{said}: type {record.Name} exactly to confirm. Nothing was deleted.");
            return;
        }

        try
        {
            // Not RequestAborted: a teardown half done because the browser went away would leave the record Deleting
            // until the reconciler picks it up; finishing it now is better.
            await teardown.TearDownAsync(requestId, context.User.Identity?.Name ?? "unknown", CancellationToken.None);
        }
        catch (Exception ex) when (ex is InvalidOperationException or VpcRecordConflictException)
        {
            await ShowDetailAgainAsync(context, StatusCodes.Status409Conflict, ex.Message);
            return;
        }

        // Post-redirect-get: the detail shows Deleted, or DeleteFailed with what is left and a retry button.
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = $"/records/{requestId}";
    }

    /// <summary>Renders the detail page for a refused post with the message and the given status, as
    /// <c>Vpcs</c> does for the builder: the post re-executes the page's own endpoint.</summary>
    private static async Task ShowDetailAgainAsync(HttpContext context, int status, string message)
    {
        var page = context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Single(endpoint => endpoint.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type == typeof(RecordDetail));
        context.Items[RecordDetail.TeardownErrorItem] = message;
        context.Response.StatusCode = status;
        context.Request.Method = HttpMethods.Get;
        context.SetEndpoint(page);
        await page.RequestDelegate!(context);
    }
}
