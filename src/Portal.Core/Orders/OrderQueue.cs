using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Orders;

/// <summary>An accepted order as it travels on the queue: the validated order, when the API accepted it, and an id given at
/// acceptance. The consumer applies each id once; unlike the SQS message id it survives a redrive from the dead-letter
/// queue (which sends a new message), so a message redriven after it was in fact stored is not counted twice.</summary>
public sealed record OrderMessage(OrderDraft Order, DateTimeOffset AcceptedAt, string Id)
{
    public static OrderMessage New(OrderDraft order, DateTimeOffset acceptedAt) => new(order, acceptedAt, Guid.NewGuid().ToString("N"));

    public string ToJson()
    {
        var order = new JsonObject
        {
            ["orderID"] = Order.OrderId,
            ["customer"] = Order.Customer,
            ["currency"] = Order.Currency,
            ["status"] = Order.Status,
            ["items"] = new JsonArray(Order.Items.Select(i => (JsonNode)new JsonObject
            {
                ["sku"] = i.Sku,
                ["quantity"] = i.Quantity,
                ["unitPrice"] = i.UnitPrice,
            }).ToArray()),
        };
        return new JsonObject { ["id"] = Id, ["acceptedAt"] = OrdersTable.Time(AcceptedAt), ["order"] = order }.ToJsonString();
    }

    /// <summary>The message, or why it cannot be one (a poison message: it goes to the dead-letter queue in the end).</summary>
    public static (OrderMessage? Message, string? Problem) Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("order", out var order)
                || !root.TryGetProperty("acceptedAt", out var accepted) || accepted.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()))
                return (null, "not an order message: expected {\"id\": ..., \"acceptedAt\": ..., \"order\": {...}}");
            var validation = OrderValidator.Validate(OrderInput.FromJson(order));
            if (validation.Draft is not { } draft)
                return (null, "invalid order: " + string.Join("; ", validation.Errors));
            return (new OrderMessage(draft, OrdersTable.ParseTime(accepted.GetString()!), id.GetString()!), null);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return (null, "not JSON: " + e.Message);
        }
    }
}

/// <summary>Sends accepted orders to the orders queue (SendMessage / SendMessageBatch, 10 per call, SQS's limit).</summary>
public sealed class OrderQueue(IAmazonSQS sqs, SqsQueues queues, IOptions<OrdersOptions> options)
{
    public const int MaxBatch = 10;
    private const int MaxAttempts = 4;

    public Task<string> UrlAsync(CancellationToken cancellationToken = default) => queues.UrlAsync(options.Value.Queue, cancellationToken);

    public Task<string> DeadLetterUrlAsync(CancellationToken cancellationToken = default) => queues.UrlAsync(options.Value.DeadLetterQueue, cancellationToken);

    /// <summary>The SQS message id of each message, in the order given. Entries SQS refuses in a batch are sent again a
    /// few times; one that still fails fails the call (the caller answers 5xx and the client retries the request).</summary>
    public async Task<IReadOnlyList<string>> SendAsync(IReadOnlyList<OrderMessage> messages, CancellationToken cancellationToken = default)
    {
        var url = await UrlAsync(cancellationToken);
        var ids = new string[messages.Count];
        foreach (var chunk in Enumerable.Range(0, messages.Count).Chunk(MaxBatch))
        {
            var pending = chunk.ToList();
            for (var attempt = 1; pending.Count > 0; attempt++)
            {
                if (pending.Count == 1 && attempt == 1)
                {
                    var single = await sqs.SendMessageAsync(new SendMessageRequest(url, messages[pending[0]].ToJson()), cancellationToken);
                    ids[pending[0]] = single.MessageId;
                    break;
                }

                var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest(url,
                    pending.Select(i => new SendMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), messages[i].ToJson())).ToList()),
                    cancellationToken);
                foreach (var sent in response.Successful ?? [])
                    ids[int.Parse(sent.Id, CultureInfo.InvariantCulture)] = sent.MessageId;
                var failed = response.Failed ?? [];
                if (failed.Count > 0 && (attempt >= MaxAttempts || failed.Any(f => f.SenderFault == true)))
                    throw new AmazonSQSException($"SQS refused {failed.Count} message(s): {failed[0].Code} {failed[0].Message}");
                pending = failed.Select(f => int.Parse(f.Id, CultureInfo.InvariantCulture)).ToList();
                if (pending.Count > 0)
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
        }

        return ids;
    }
}
