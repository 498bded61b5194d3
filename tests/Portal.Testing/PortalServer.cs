using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Testing;

/// <summary>The real portal on Kestrel at one of the origins the local provider accepts, pointed at the
/// shared local stack, so sign-in runs the real code flow over real HTTP.</summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private PortalServer(int port, Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        Port = port;
        _settings = settings;
        _services = services;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public LocalStack Stack { get; private init; } = null!;

    public static async Task<PortalServer> StartAsync(
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var stack = await LocalStack.Shared;
        var merged = stack.PortalSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            merged[key] = value;

        var server = new PortalServer(stack.TakePortalPort(), merged, services) { Stack = stack };
        server.UseKestrel(o => o.Listen(IPAddress.Loopback, server.Port));
        server.StartServer();
        return server;
    }

    /// <summary>A client of the portal that does not follow redirects, to assert them.</summary>
    public HttpClient CreateRawClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        if (_services is not null)
            builder.ConfigureTestServices(_services);
    }
}
