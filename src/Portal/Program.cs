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
// A page request answered with a bare 404 or 403 (a missing record, a refused action) gets a real page; the JSON
// APIs keep their problem details.
app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), b => b.UseStatusCodePagesWithReExecute("/status/{0}"));
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
app.MapTokenEndpoints();
app.MapVpcEndpoints();
app.MapOrdersEndpoints();
app.MapRecordEndpoints();
app.MapStaticAssets().AllowAnonymous();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
