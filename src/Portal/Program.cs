using Portal.Auth;
using Portal.Circuits;
using Portal.Components;
using Portal.Core.Aws;
using Portal.Core.Estate;
using Portal.Core.Notifications;
using Portal.Core.Tokens;
using Portal.Core.Vpcs;
using Portal.Core.Orders;
using Portal.Core.Users;
using Portal.Endpoints;
using Portal.Hosting;

var builder = WebApplication.CreateBuilder(args);
// Serves static web assets (MudBlazor's, _framework/blazor.web.js) from the build output in every environment, not only
// Development: the local stack runs the portal in Production and the tests in Testing. A published app has no such
// manifest, and this does nothing there.
builder.WebHost.UseStaticWebAssets();
builder.Configuration.AddSharedDefaults();
builder.Configuration.AddRuntimeParameter();

builder.Services.AddPortalAws(builder.Configuration);
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddTokenRefresh(builder.Configuration);
builder.Services.AddVpcs(builder.Configuration);
builder.Services.AddCognitoSignIn(builder.Configuration);
builder.Services.AddSharedKeyRing();
builder.Services.AddUsers(builder.Configuration);
builder.Services.AddOrders(builder.Configuration);
builder.Services.AddSingleton<EstateOverview>();
builder.Services.AddRecordsApi(builder.Configuration);
builder.Services.AddApiLimits(builder.Configuration);
builder.Services.AddPortalCircuits(builder.Configuration);
builder.Services.AddAntiforgery();
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler(Errors.Path, createScopeForErrors: true);
// HTTPS requests only (at the load balancer they arrive as X-Forwarded-Proto: https, which the host honours when
// ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, as the CDK hosting stack sets); never for localhost or in Development.
if (!app.Environment.IsDevelopment())
    app.UseHsts();
app.UseMiddleware<SecurityHeaders>();
// A page request (a GET) answered with a bare 404 or 403 (a missing record or page, a refused link) gets a real page;
// the JSON APIs keep their problem details and the circuit's transport its plain status codes.
app.UseWhen(c => HttpMethods.IsGet(c.Request.Method) && !c.Request.Path.StartsWithSegments("/api") && !c.Request.Path.StartsWithSegments("/_blazor"),
    b => b.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true));
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseMiddleware<MutationGuard>();
app.UseAntiforgery();

app.MapErrorEndpoints();
app.MapHealthEndpoints();
app.MapAuthEndpoints();
app.MapLocalStackEndpoints();
app.MapOrdersApi();
app.MapRecordEndpoints();
app.MapStaticAssets().AllowAnonymous();
// SecurityHeaders already sends frame-ancestors 'none'; the framework's own CSP header would be a second one.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null).Add(endpoint =>
{
    // The circuit's own transport (_blazor, negotiate, disconnect) carries every user's clicks: changes over it are
    // authorized per action by AdminGate, not per request by MutationGuard.
    if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } route } && route.TrimStart('/').StartsWith("_blazor", StringComparison.Ordinal))
        endpoint.Metadata.Add(new MutationPolicy("the Blazor circuit's transport; each action over it is checked by AdminGate"));
});

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
