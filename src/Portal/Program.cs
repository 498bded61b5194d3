using Portal.Auth;
using Portal.Components;
using Portal.Core.Aws;
using Portal.Core.Notifications;
using Portal.Core.Tokens;
using Portal.Core.Vpcs;
using Portal.Core.Orders;
using Portal.Core.Users;
using Portal.Endpoints;
using Portal.Hosting;

var builder = WebApplication.CreateBuilder(args);
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
builder.Services.AddRecordsApi(builder.Configuration);
builder.Services.AddApiLimits(builder.Configuration);
builder.Services.AddRazorComponents();
builder.Services.AddAntiforgery();
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler(Errors.Path, createScopeForErrors: true);
// HTTPS requests only (at the load balancer they arrive as X-Forwarded-Proto: https, which the host honours when
// ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, as the CDK hosting stack sets); never for localhost or in Development.
if (!app.Environment.IsDevelopment())
    app.UseHsts();
app.UseMiddleware<SecurityHeaders>();
app.UseStaticFiles();
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
app.MapRazorComponents<App>();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
