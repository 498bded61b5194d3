using Microsoft.Extensions.Options;
using Portal.Core.Identity;

namespace Portal.Auth;

/// <summary>Server-side rule for every mutating request: the caller is in the admin group, unless the
/// endpoint is explicitly marked with a <see cref="MutationPolicy"/> (then its own authorization applies).</summary>
public sealed class MutationGuard(RequestDelegate next, IOptions<CognitoOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (IsMutating(context.Request.Method)
            && context.GetEndpoint()?.Metadata.GetMetadata<MutationPolicy>() is null
            && context.User.Identity?.IsAuthenticated == true
            && !context.User.IsInRole(options.Value.AdminGroup))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync($"Only members of '{options.Value.AdminGroup}' may change things in the portal.");
            return;
        }

        await next(context);
    }

    public static bool IsMutating(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
}

/// <summary>Marks a POST/PUT/PATCH/DELETE endpoint that is deliberately open to more than admins
/// (sign-out, or machine APIs with their own scope checks). Every other mutating endpoint needs
/// the admin policy: <see cref="MutationGuard"/> refuses it otherwise, so a forgotten
/// RequireAuthorization fails closed.</summary>
public sealed record MutationPolicy(string Why)
{
    public static readonly MutationPolicy AnySignedInUser = new("any signed-in user may do this to themselves");
}
