using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portal.Auth;
using Portal.Components.Pages;
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

        // The file is read from the form here rather than bound, so that a body over the limit is answered with a
        // message (413) instead of the binder's empty 400. The framework spools bodies over 64 KB to a temp file, so
        // the upload to S3 reads a seekable stream of known length and memory stays flat whatever the file size.
        app.MapPost("/orders/upload", async (HttpContext http, OrderUploads uploads, CancellationToken cancel) =>
            {
                if (http.Request.ContentLength > maxUpload + MultipartOverhead)
                    return Refused(StatusCodes.Status413PayloadTooLarge, uploads.TooLargeMessage);
                IFormFile? file;
                try
                {
                    file = (await http.Request.ReadFormAsync(cancel)).Files.GetFile("file");
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    return Refused(StatusCodes.Status413PayloadTooLarge, uploads.TooLargeMessage);
                }
                catch (InvalidDataException)
                {
                    return Refused(StatusCodes.Status400BadRequest, "The upload is not a valid form: choose the file again and resubmit.");
                }

                if (file is null || file.Length == 0)
                    return Refused(StatusCodes.Status400BadRequest, "Choose a file to upload.");
                try
                {
                    await using var content = file.OpenReadStream();
                    var job = await uploads.UploadAndLoadAsync(file.FileName, content, http.User.Identity?.Name ?? "unknown", cancel);
                    return Results.Redirect("/orders?job=" + Uri.EscapeDataString(job.JobId));
                }
                catch (UploadRefusedException e)
                {
                    return Refused(e.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest, e.Message);
                }
            })
            .RequireAuthorization(AuthorizationPolicies.Admin)
            .RequireAntiforgery()
            // Both limits leave room for the framing; a file just over maxUpload is refused by OrderUploads (413 too).
            .WithFormOptions(multipartBodyLengthLimit: maxUpload + MultipartOverhead)
            .WithMetadata(new RequestSizeLimitAttribute(maxUpload + MultipartOverhead));

        app.MapGet("/orders/fragments/jobs", async (LoadJobStore jobs, CancellationToken cancel) =>
            new RazorComponentResult<LoadJobsPanel>(new { Jobs = await jobs.RecentAsync(10, cancel) }));
        return app;
    }

    /// <summary>Room for the multipart framing and the antiforgery field around the file.</summary>
    private const long MultipartOverhead = 64 * 1024;

    /// <summary>The refusal as a page that says what to change (the message never travels in a URL).</summary>
    private static RazorComponentResult<ErrorPage> Refused(int status, string message) =>
        new(new { Heading = "The upload was refused", Message = message, BackHref = "/orders", BackText = "Back to orders" }) { StatusCode = status };
}
