using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Notifications;

namespace Portal.Core.Tests.Notifications;

/// <summary>The Local-mode notification feed against the local DynamoDB.</summary>
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
        clock.Advance(TimeSpan.FromSeconds(5));
        await publisher.PublishAsync("orders", "New order", "o-1");
        clock.Advance(TimeSpan.FromSeconds(5));
        await publisher.PublishAsync("tokens", "Token refresh failed", "run 2: 401 invalid_client");

        var feed = services.GetRequiredService<NotificationFeed>();
        var tokens = await feed.RecentAsync("tokens", 10);
        Assert.IsType<NotificationFeed>(publisher);
        Assert.Equal(["Token refresh failed", "Token refreshed"], tokens.Select(n => n.Subject));
        Assert.Equal("run 2: 401 invalid_client", tokens[0].Message);
        Assert.Equal(clock.GetUtcNow(), tokens[0].At);
        Assert.Single(await feed.RecentAsync("orders", 10));
        Assert.Single(await feed.RecentAsync("tokens", 1));
    }
}
