using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Notifications;

namespace Portal.Core.Tests.Notifications;

/// <summary>Notifications published to SNS (fauxqs) come back through the inbox queue subscribed to the topics, as an
/// e-mail subscriber would get them, and are kept in the notifications table.</summary>
public sealed class NotificationFeedTests
{
    [Fact]
    public async Task Published_notifications_come_back_newest_first_per_topic()
    {
        var stack = await LocalStack.Shared;
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var table = "notif-" + Guid.NewGuid().ToString("N")[..8];
        await using var services = stack.Services(
            (s, configuration) => s.AddNotifications(configuration).AddSingleton<TimeProvider>(clock),
            new Dictionary<string, string?> { ["Portal:Aws:Tables:Notifications"] = table });
        await LocalStack.EnsureResourcesAsync(services);
        var publisher = services.GetRequiredService<INotificationPublisher>();

        await publisher.PublishAsync("tokens", "Token refreshed", "run 1 ok");
        await Task.Delay(20); // SNS stamps the time: newest first needs them apart
        await publisher.PublishAsync("orders", "New order", "o-1");
        await Task.Delay(20); // SNS stamps the time: newest first needs them apart
        await publisher.PublishAsync("tokens", "Token refresh failed", "run 2: 401 invalid_client");

        var feed = services.GetRequiredService<NotificationFeed>();
        var tokens = await feed.RecentAsync("tokens", 10);
        Assert.IsType<SnsNotificationPublisher>(publisher);
        Assert.Equal(["Token refresh failed", "Token refreshed"], tokens.Select(n => n.Subject));
        Assert.Equal("run 2: 401 invalid_client", tokens[0].Message);
        Assert.InRange(tokens[0].At, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(5)); // SNS's own timestamp
        Assert.Single(await feed.RecentAsync("orders", 10));
        Assert.Single(await feed.RecentAsync("tokens", 1));
        Assert.Equal(0, await feed.CollectAsync()); // the inbox queue was emptied into the table
    }
}
