using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Notifications;
using Portal.Core.Orders;

namespace Portal.Core.Tests.Orders;

/// <summary>The orders services on the shared local stack, with tables of their own so test classes do not
/// see each other's orders, and a ManualClock for the timestamps.</summary>
public sealed class OrdersStack : IAsyncLifetime
{
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public ServiceProvider Services { get; private set; } = null!;

    public string Suffix { get; } = Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        var stack = await LocalStack.Shared;
        Services = stack.Services((services, configuration) =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddNotifications(configuration);
            services.AddOrders(configuration);
        }, new Dictionary<string, string?>
        {
            ["Portal:Aws:Tables:Orders"] = $"orders-{Suffix}",
            ["Portal:Aws:Tables:LoadJobs"] = $"load-jobs-{Suffix}",
            ["Portal:Aws:Tables:Notifications"] = $"notifications-{Suffix}",
        });
        await LocalStack.EnsureResourcesAsync(Services);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task DisposeAsync() => await Services.DisposeAsync();

    public static OrderDraft Draft(string id, string status = OrderStatus.Pending, string customer = "Ada", decimal price = 9.99m) =>
        new(id, customer, "EUR", status, [new OrderItem("A-1", 2, price)]);
}
