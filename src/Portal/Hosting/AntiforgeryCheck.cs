using Microsoft.AspNetCore.Antiforgery;

namespace Portal.Hosting;

public static class AntiforgeryCheck
{
    /// <summary>Refuses a form post whose antiforgery token is missing or wrong. The framework's middleware only
    /// records the result; minimal endpoints reject on it only when they bind a form, so every form post
    /// endpoint says this explicitly.</summary>
    public static RouteHandlerBuilder RequireAntiforgery(this RouteHandlerBuilder endpoint) =>
        endpoint
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } failed && !BodyTooLarge(failed.Error)
                    ? Results.Problem(
                        "The form's security token is missing or has expired: reload the page and submit the form again.",
                        statusCode: StatusCodes.Status400BadRequest)
                    : await next(context));

    /// <summary>A body over the endpoint's size limit cannot be read to find the token. The endpoint cannot read
    /// it either, so nothing runs: it answers 413 with what to change instead of this filter's misleading 400.</summary>
    private static bool BodyTooLarge(Exception? error) =>
        error?.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };
}
