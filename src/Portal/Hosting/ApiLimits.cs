using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Portal.Hosting;

/// <summary>Limits of the JSON APIs and of mutating actions, section <c>Portal:Limits</c>.</summary>
public sealed class ApiLimits
{
    public const string Section = "Portal:Limits";

    /// <summary>Largest JSON API request body; a larger one gets 413 before it is parsed.</summary>
    public long MaxJsonBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>JSON API requests one machine client (<c>client_id</c>) may make per <see cref="Window"/>.</summary>
    public int ApiRequestsPerClient { get; set; } = 600;

    /// <summary>Mutating requests (POST/PUT/PATCH/DELETE) one signed-in user may make per <see cref="Window"/>.</summary>
    public int MutationsPerUser { get; set; } = 60;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class ApiLimitsValidator : IValidateOptions<ApiLimits>
{
    public ValidateOptionsResult Validate(string? name, ApiLimits options)
    {
        var errors = new List<string>();
        if (options.MaxJsonBodyBytes is < 1024 or > 30 * 1024 * 1024)
            errors.Add($"{ApiLimits.Section}:MaxJsonBodyBytes must be from 1024 to 31457280 bytes (got {options.MaxJsonBodyBytes}).");
        if (options.ApiRequestsPerClient < 1)
            errors.Add($"{ApiLimits.Section}:ApiRequestsPerClient must be at least 1 (got {options.ApiRequestsPerClient}).");
        if (options.MutationsPerUser < 1)
            errors.Add($"{ApiLimits.Section}:MutationsPerUser must be at least 1 (got {options.MutationsPerUser}).");
        if (options.Window < TimeSpan.FromSeconds(1) || options.Window > TimeSpan.FromHours(1))
            errors.Add($"{ApiLimits.Section}:Window must be from 00:00:01 to 01:00:00 (got {options.Window}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static class ApiLimitsRegistration
{
    /// <summary>The limits' options and the framework's rate limiter: JSON API calls per machine client, mutating
    /// requests per signed-in user. It runs after authorization, so the bearer principal (and its client_id) is known.</summary>
    public static IServiceCollection AddApiLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiLimits>().Bind(configuration.GetSection(ApiLimits.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiLimits>, ApiLimitsValidator>();
        services.AddRateLimiter(_ => { });
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, RateLimiterSetup>();
        return services;
    }

    private sealed class RateLimiterSetup(IOptions<ApiLimits> limits) : IConfigureOptions<RateLimiterOptions>
    {
        public void Configure(RateLimiterOptions options)
        {
            var l = limits.Value;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var user = http.User;
                if (user.Identity?.IsAuthenticated != true)
                    return RateLimitPartition.GetNoLimiter("anonymous");
                if (http.Request.Path.StartsWithSegments("/api") && user.FindFirst("client_id")?.Value is { } client
                    && user.FindFirst("token_use")?.Value == "access")
                    return RateLimitPartition.GetFixedWindowLimiter("client:" + client, _ => Window(l.ApiRequestsPerClient, l.Window));
                if (Auth.MutationGuard.IsMutating(http.Request.Method))
                    return RateLimitPartition.GetFixedWindowLimiter("user:" + user.Identity.Name, _ => Window(l.MutationsPerUser, l.Window));
                return RateLimitPartition.GetNoLimiter("reads");
            });
            options.OnRejected = async (context, cancel) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : l.Window;
                var seconds = (int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Results.Problem(
                    $"Too many requests: try again in {seconds} s.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
        }

        private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
            new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };
    }
}
