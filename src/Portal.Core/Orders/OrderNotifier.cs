using System.Globalization;
using Portal.Core.Notifications;

namespace Portal.Core.Orders;

/// <summary>Announces a new order on topic <c>orders</c> (SNS; e-mail and the portal's inbox queue subscribe to it). Called by
/// the stream notifier for each INSERT record, whoever wrote the order (consumer or bulk loader). A failure is thrown, so
/// the notifier retries the record instead of moving past it.</summary>
public sealed class OrderNotifier(INotificationPublisher publisher)
{
    public const string Topic = "orders";

    public Task NewOrderAsync(OrderDraft order, CancellationToken cancellationToken = default) =>
        publisher.PublishAsync(Topic, $"New order {order.OrderId}", Describe(order), cancellationToken);

    public static string Describe(OrderDraft order) => string.Create(CultureInfo.InvariantCulture,
        $"Order {order.OrderId} from {order.Customer}: {order.Items.Count} item(s), total {order.Total:0.00} {order.Currency}, status {order.Status}.");
}
