using Microsoft.Extensions.Options;

namespace Portal.Core.Orders;

public enum IngestOutcome
{
    Accepted,
    Rejected,
}

/// <summary>What happened to one order sent to the API: accepted onto the queue (with its SQS message id) or refused
/// (with field errors). The order is stored later by the consumer.</summary>
public sealed record IngestResult(IngestOutcome Outcome, string? OrderId, string? MessageId, IReadOnlyList<FieldError> Errors)
{
    public static IngestResult Refused(string? orderId, IReadOnlyList<FieldError> errors) => new(IngestOutcome.Rejected, orderId, null, errors);
}

/// <summary>The ingest API's work: validate, then send the valid orders to the queue; invalid input never reaches it.
/// Refusals are counted here for the health figures; stored orders are counted by the consumer.</summary>
public sealed class OrderIngest(OrderQueue queue, IngestStats stats, IOptions<OrdersOptions> options, TimeProvider time)
{
    public int MaxBatch => options.Value.MaxApiBatch;

    public async Task<IngestResult> IngestAsync(OrderInput input, CancellationToken cancellationToken = default) =>
        (await IngestBatchAsync([input], cancellationToken))[0];

    /// <summary>Each order on its own: one refused order does not stop the others. The valid ones are sent in their order
    /// (SQS standard queues do not promise it; two entries with the same orderID both apply, version 2 in the end).</summary>
    public async Task<IReadOnlyList<IngestResult>> IngestBatchAsync(IReadOnlyList<OrderInput> inputs, CancellationToken cancellationToken = default)
    {
        if (inputs.Count > MaxBatch)
            throw new ArgumentException($"A batch may hold at most {MaxBatch} orders; this one has {inputs.Count}. Split it.", nameof(inputs));
        var now = time.GetUtcNow();
        var validations = inputs.Select(OrderValidator.Validate).ToList();
        var accepted = validations.Select((v, i) => (v.Draft, Index: i)).Where(x => x.Draft is not null).ToList();
        var ids = await queue.SendAsync(accepted.Select(x => OrderMessage.New(x.Draft!, now)).ToList(), cancellationToken);
        var messageIds = accepted.Select((x, n) => (x.Index, Id: ids[n])).ToDictionary(x => x.Index, x => x.Id);

        var results = validations.Select((v, i) => v.Draft is { } draft
            ? new IngestResult(IngestOutcome.Accepted, draft.OrderId, messageIds[i], [])
            : IngestResult.Refused(inputs[i].OrderId, v.Errors)).ToList();
        await stats.RecordAsync(now, 0, 0, results.Count(r => r.Outcome == IngestOutcome.Rejected), cancellationToken);
        return results;
    }

    /// <summary>Counts a refusal that never became an order input (a body that is not JSON).</summary>
    public Task CountRejectedAsync(CancellationToken cancellationToken = default) =>
        stats.RecordAsync(time.GetUtcNow(), 0, 0, 1, cancellationToken);
}
