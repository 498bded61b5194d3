using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Portal.Auth;
using Portal.Components.Pages.Vpcs;
using Portal.Core.Records;
using Portal.Core.Vpcs;

namespace Portal.Endpoints;

/// <summary>
/// The JSON API over the VPC records (the original system's <c>GET /getVPCResources</c>) and the exports. Open to any
/// authenticated caller: a browser session (cookie) or a Cognito access token as Bearer (signature, issuer, expiry,
/// token_use, allowed client by the JwtBearer scheme (Auth/DependencyInjection.cs); scope <see cref="RecordsOptions.ApiScope"/>).
/// Refusals are 401 with <c>WWW-Authenticate: Bearer</c> or 403 insufficient_scope, never a sign-in redirect.
/// </summary>
public static class RecordsApi
{
    /// <summary>Authenticates with the bearer handler when an Authorization header is sent, else the cookie;
    /// challenges and forbids always as the bearer API does (401/403 with WWW-Authenticate, no redirect).</summary>
    public const string CookieOrBearerScheme = "CookieOrBearer";

    public const string ReadPolicy = "VpcRecordsRead";

    /// <summary>Core records services plus the API's authentication scheme and policy.</summary>
    public static IServiceCollection AddRecordsApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRecords(configuration);
        services.AddAuthentication().AddPolicyScheme(CookieOrBearerScheme, "Browser session or Cognito access token", o =>
        {
            o.ForwardDefaultSelector = context => context.Request.Headers.Authorization.Count > 0
                ? JwtBearerDefaults.AuthenticationScheme
                : CookieAuthenticationDefaults.AuthenticationScheme;
            o.ForwardChallenge = JwtBearerDefaults.AuthenticationScheme;
            o.ForwardForbid = JwtBearerDefaults.AuthenticationScheme;
        });
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<RecordsOptions>>((authorization, records) =>
            authorization.AddPolicy(ReadPolicy, new AuthorizationPolicyBuilder(CookieOrBearerScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new ScopeRequirement(records.Value.ApiScope, OrSession: true))
                .Build()));
        return services;
    }

    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/vpcs").RequireAuthorization(ReadPolicy);
        api.MapGet("", ListAsync);
        api.MapGet("/export.csv", (HttpContext context, RecordExport export) =>
            Export(context, "csv", "text/csv; charset=utf-8", (filter, stream, cancel) => export.WriteCsvAsync(filter, stream, cancel)));
        api.MapGet("/export.json", (HttpContext context, RecordExport export) =>
            Export(context, "json", "application/json; charset=utf-8", (filter, stream, cancel) => export.WriteJsonAsync(filter, stream, cancel)));
        api.MapGet("/{requestId}", GetAsync);
        return app;
    }

    /// <summary>The query string of the current request, parsed; what the page and the API share.</summary>
    public static RecordListParse ParseQuery(HttpRequest request) => RecordListQuery.Parse(name => request.Query[name].ToString());

    private static async Task<IResult> ListAsync(HttpContext context, RecordBrowser browser)
    {
        var parsed = ParseQuery(context.Request);
        if (!parsed.IsValid)
            return BadRequest(string.Join(" ", parsed.Errors));
        var page = await browser.PageAsync(parsed.Query, context.RequestAborted);
        if (page.IsRefused)
            return BadRequest(page.TokenError!);
        return Results.Json(new
        {
            items = page.Records,
            pageSize = parsed.Query.PageSize,
            nextToken = page.NextToken,
            next = page.NextToken is null ? null : "/api/vpcs" + parsed.Query.ToQueryString(page.NextToken),
        }, VpcRecordJson.Options);
    }

    private static async Task<IResult> GetAsync(string requestId, HttpContext context, VpcRecordStore store)
    {
        var record = VpcRequestIds.IsValid(requestId) ? await store.GetAsync(requestId, context.RequestAborted) : null;
        return record is null
            ? Results.Problem($"There is no VPC record '{requestId}'; ids are the 32-character request ids from GET /api/vpcs.",
                statusCode: StatusCodes.Status404NotFound)
            : Results.Json(record, VpcRecordJson.Options);
    }

    private static IResult Export(HttpContext context, string extension, string contentType, Func<RecordFilter, Stream, CancellationToken, Task<long>> write)
    {
        var parsed = ParseQuery(context.Request);
        if (!parsed.IsValid)
            return BadRequest(string.Join(" ", parsed.Errors));
        var name = $"vpc-records-{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}.{extension}";
        return Results.Stream(stream => write(parsed.Query.Filter, stream, context.RequestAborted), contentType, name);
    }

    private static IResult BadRequest(string detail) =>
        Results.Problem(title: "The request cannot be answered as sent", detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
