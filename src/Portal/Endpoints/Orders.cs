using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portal.Auth;
using Portal.Components.Pages.Orders;
using Portal.Core.Orders;
using Portal.Hosting;

namespace Portal.Endpoints;

/// <summary>The orders dashboard's endpoints (admin upload, load-job polling) and the machine API.</summary>
public static class Orders
{
    public static IEndpointRouteBuilder MapOrdersEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapOrdersApi();
        var maxUpload = app.ServiceProvider.GetRequiredService<IOptions<OrdersOptions>>().Value.MaxUploadBytes;

        // The form's file arrives through IFormFile: the framework spools bodies over 64 KB to a temp file, so the
        // upload to S3 reads a seekable stream of known length and memory stays flat whatever the file size.
        app.MapPost("/orders/upload", async (HttpContext http, IFormFile? file, OrderUploads uploads, CancellationToken cancel) =>
            {
                if (file is null || file.Length == 0)
                    return Results.Redirect("/orders?uploadError=" + Uri.EscapeDataString("Choose a file to upload."));
                try
                {
                    await using var content = file.OpenReadStream();
                    var job = await uploads.UploadAndLoadAsync(file.FileName, content, http.User.Identity?.Name ?? "unknown", cancel);
                    return Results.Redirect("/orders?job=" + Uri.EscapeDataString(job.JobId));
                }
                catch (UploadRefusedException e)
                {
                    return Results.Redirect("/orders?uploadError=" + Uri.EscapeDataString(e.Message));
                }
            })
            .RequireAuthorization(AuthorizationPolicies.Admin)
            .RequireAntiforgery()
            .WithFormOptions(multipartBodyLengthLimit: maxUpload)
            .WithMetadata(new RequestSizeLimitAttribute(maxUpload));

        app.MapGet("/orders/fragments/jobs", async (LoadJobStore jobs, CancellationToken cancel) =>
            new RazorComponentResult<LoadJobsPanel>(new { Jobs = await jobs.RecentAsync(10, cancel) }));
        return app;
    }
}
