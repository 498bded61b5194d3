using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Notifications;
using Portal.Core.Orders;

namespace Portal.Core.Tests.Orders;

/// <summary>The orders services on the shared local stack, with tables of their own so test classes do not
/// see each other's orders, and a ManualClock for the timestamps.</summary>
public class OrdersStack : IAsyncLifetime
{
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public ServiceProvider Services { get; private set; } = null!;

    public string Suffix { get; } = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Settings a derived fixture adds (e.g. a short visibility timeout for fault tests).</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Services = await CreateServicesAsync();
        await LocalStack.EnsureResourcesAsync(Services);
    }

    /// <summary>Another portal instance on the same tables and queues (its own singletons: consumer, notifier, lease holder).</summary>
    public async Task<ServiceProvider> CreateServicesAsync()
    {
        var stack = await LocalStack.Shared;
        var settings = new Dictionary<string, string?>
        {
            ["Portal:Aws:Tables:Orders"] = $"orders-{Suffix}",
            ["Portal:Aws:Tables:LoadJobs"] = $"load-jobs-{Suffix}",
            ["Portal:Aws:Tables:Notifications"] = $"notifications-{Suffix}",
            ["Portal:Aws:Tables:Pipeline"] = $"pipeline-{Suffix}",
            ["Portal:Orders:Queue"] = $"orders-{Suffix}",
            ["Portal:Orders:DeadLetterQueue"] = $"orders-dlq-{Suffix}",
        };
        foreach (var (key, value) in ExtraSettings)
            settings[key] = value;
        return stack.Services((services, configuration) =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddNotifications(configuration);
            services.AddOrders(configuration);
        }, settings);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Runs the consumer (no long poll) until the queue gives nothing; returns the messages it took.</summary>
    public async Task<int> DrainQueueAsync()
    {
        var consumer = Get<OrderConsumer>();
        var total = 0;
        while ((await consumer.ReceiveOnceAsync(waitSeconds: 0)).Received is var received and > 0)
            total += received;
        return total;
    }

    /// <summary>Runs the stream notifier until a pass publishes nothing; returns what it published.</summary>
    public async Task<int> NotifyAsync()
    {
        var notifier = Get<OrderStreamNotifier>();
        var total = 0;
        while (await notifier.PollAsync() is > 0 and var published)
            total += published;
        return total;
    }

    public async Task DisposeAsync() => await Services.DisposeAsync();

    public static OrderDraft Draft(string id, string status = OrderStatus.Pending, string customer = "Ada", decimal price = 9.99m) =>
        new(id, customer, "EUR", status, [new OrderItem("A-1", 2, price)]);
}
