using System.Globalization;
using Microsoft.Extensions.Logging;
using Portal.Core.Notifications;

namespace Portal.Core.Orders;

/// <summary>Announces each new order on topic <c>orders</c> (SNS e-mail in AWS, the feed locally), as the
/// Streams -> Lambda -> SNS leg does. A failed notification is logged, never undoes the stored order.</summary>
public sealed class OrderNotifier(INotificationPublisher publisher, ILogger<OrderNotifier> logger)
{
    public const string Topic = "orders";

    public async Task NewOrderAsync(OrderDraft order, CancellationToken cancellationToken = default)
    {
        try
        {
            await publisher.PublishAsync(Topic, $"New order {order.OrderId}", Describe(order), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not announce new order {OrderId}", order.OrderId);
        }
    }

    public static string Describe(OrderDraft order) => string.Create(CultureInfo.InvariantCulture,
        $"Order {order.OrderId} from {order.Customer}: {order.Items.Count} item(s), total {order.Total:0.00} {order.Currency}, status {order.Status}.");
}
