using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

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

public static class AuthorizationPolicies
{
    public const string Admin = "Admin";
}

/// <summary>Every page needs a signed-in user unless it says [AllowAnonymous]; the admin policy needs the admin group.</summary>
public sealed class PortalAuthorizationSetup(IOptions<CognitoOptions> cognito) : IConfigureOptions<AuthorizationOptions>
{
    public void Configure(AuthorizationOptions authorization)
    {
        authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        authorization.AddPolicy(AuthorizationPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(cognito.Value.AdminGroup));
    }
}
