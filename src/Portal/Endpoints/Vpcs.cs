using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Auth;
using Portal.Components.Pages.Vpcs;
using Portal.Core.Vpcs;
using Portal.Hosting;

namespace Portal.Endpoints;

/// <summary>
/// The VPC builder's form posts and the progress fragment. Pages (list, builder, progress, detail) are Razor
/// components under Components/Pages/Vpcs.
/// </summary>
public static class Vpcs
{
    public static IEndpointRouteBuilder MapVpcEndpoints(this IEndpointRouteBuilder app)
    {
        // Preview posts so the antiforgery token never lands in a URL; the redirect makes the preview bookmarkable.
        app.MapPost("/vpcs/preview", PreviewAsync)
            .RequireAuthorization(AuthorizationPolicies.Admin)
            .RequireAntiforgery();

        // The list page owns GET /vpcs; this endpoint takes the post, ahead of the page's own form handling.
        app.MapPost("/vpcs", CreateAsync)
            .RequireAuthorization(AuthorizationPolicies.Admin)
            .RequireAntiforgery()
            .WithOrder(-1);

        app.MapGet("/vpcs/{requestId}/progress/panel", ProgressPanelAsync);
        return app;
    }

    private static async Task<IResult> PreviewAsync(HttpContext context, IEc2Api ec2)
    {
        var zones = await VpcZones.AvailableAsync(ec2, context.RequestAborted);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var preview = VpcPreview.Build(VpcBuilderInput.Parse(form, zones), zones);
        return SeeOther("/vpcs/new" + preview.Input.ToPreviewQuery(preview.HandEditedCidrs));
    }

    private static async Task CreateAsync(HttpContext context, IEc2Api ec2, VpcProvisioning provisioning)
    {
        var zones = await VpcZones.AvailableAsync(ec2, context.RequestAborted);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var input = VpcBuilderInput.Parse(form, zones);
        if (!VpcBuilderInput.IsValidRequestId(input.RequestId))
        {
            await Results.Problem("The form has no valid request id; reload the New VPC page and submit it again.",
                statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }

        var preview = VpcPreview.Build(input, zones);
        if (preview.Replanned)
        {
            await ShowFormAgainAsync(context, preview,
                "The block, zones or counts changed after the preview, so nothing was created: check the new plan and create again.");
            return;
        }

        if (preview.HasErrors)
        {
            await ShowFormAgainAsync(context, preview, null);
            return;
        }

        try
        {
            var user = context.User.Identity?.Name ?? "unknown";
            var record = await provisioning.SubmitAsync(preview.Request, input.RequestId!, user, context.RequestAborted);
            await SeeOther(VpcProgressPanel.PagePath(record.RequestId)).ExecuteAsync(context);
        }
        catch (VpcRequestRejectedException ex)
        {
            await ShowFormAgainAsync(context, preview with { Issues = ex.Issues }, null);
        }
    }

    private static async Task<IResult> ProgressPanelAsync(string requestId, HttpContext context, VpcRecordStore records)
    {
        var record = VpcBuilderInput.IsValidRequestId(requestId) ? await records.GetAsync(requestId, context.RequestAborted) : null;
        if (record is null)
        {
            return Results.NotFound();
        }

        // htmx follows HX-Redirect with a full page load; a plain client just gets the fragment with its link.
        if (record.Status == VpcStatus.Succeeded && context.Request.Headers.ContainsKey("HX-Request"))
        {
            context.Response.Headers["HX-Redirect"] = $"/vpcs/{record.RequestId}";
        }

        return new RazorComponentResult<VpcProgressPanel>(new { Record = record });
    }

    /// <summary>
    /// Renders the builder page for a refused post, with 422 and nothing created. The page is a routed component
    /// (layout, navigation, head): rather than copy the app shell, the post re-executes the page's own endpoint,
    /// as the framework's status-code and exception pages re-execute a path.
    /// </summary>
    private static async Task ShowFormAgainAsync(HttpContext context, VpcPreview preview, string? notice)
    {
        var page = context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Single(endpoint => endpoint.RoutePattern.RawText == "/vpcs/new" && endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null);
        context.Items[VpcBuilderRejection.ItemKey] = new VpcBuilderRejection(preview, notice);
        context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;

        // The page endpoint treats a POST as its own form submission; this is a render of it.
        context.Request.Method = HttpMethods.Get;
        context.SetEndpoint(page);
        await page.RequestDelegate!(context);
    }

    /// <summary>303: the browser follows with a GET, so reloading the next page never posts the form again.</summary>
    private static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
