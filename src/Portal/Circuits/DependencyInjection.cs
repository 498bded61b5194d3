using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace Portal.Circuits;

public static class DependencyInjection
{
    /// <summary>Interactive server components with deliberate circuit limits, MudBlazor, and the circuit's user kept
    /// in step with its server-side session (<see cref="CircuitSessionState"/>) behind <see cref="AdminGate"/>.</summary>
    public static IServiceCollection AddPortalCircuits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PortalCircuitOptions>().Bind(configuration.GetSection(PortalCircuitOptions.Section))
            .Validate(o => o.SessionCheckInterval > TimeSpan.Zero && o.SessionCheckInterval <= TimeSpan.FromMinutes(1),
                $"{PortalCircuitOptions.Section}:SessionCheckInterval must be more than 0 and at most 00:01:00 (a revoked session must end open pages within a minute).")
            .ValidateOnStart();

        services.AddRazorComponents().AddInteractiveServerComponents(o =>
        {
            // A dropped connection (Wi-Fi, a laptop lid, a redeploy draining) comes back to the same page within
            // 3 minutes; at most 100 disconnected circuits wait, so a burst of leavers cannot hold memory for long.
            o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
            o.DisconnectedCircuitMaxRetained = 100;
            // A browser that stops acknowledging renders stalls its own circuit, not the server.
            o.MaxBufferedUnacknowledgedRenderBatches = 10;
            o.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(30);
            o.DetailedErrors = false; // never send exception details to a browser
        }).AddHubOptions(o =>
        {
            o.MaximumReceiveMessageSize = 64 * 1024; // typed input and uploaded file chunks; the default is 32 KB
            o.ClientTimeoutInterval = TimeSpan.FromSeconds(30); // the load balancer's idle timeout is above this
        });

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, CircuitSessionState>();
        services.AddScoped<AdminGate>();
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.VisibleStateDuration = 6000;
            o.SnackbarConfiguration.PreventDuplicates = false;
        });
        return services;
    }
}
