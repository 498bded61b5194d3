using Microsoft.Extensions.Options;

namespace Portal.Core.Orders;

public enum IngestOutcome
{
    Inserted,
    Updated,
    Rejected,
}

/// <summary>What happened to one order sent to the API: stored (with its version) or refused (with field errors).</summary>
public sealed record IngestResult(IngestOutcome Outcome, Order? Order, IReadOnlyList<FieldError> Errors)
{
    public static IngestResult Refused(IReadOnlyList<FieldError> errors) => new(IngestOutcome.Rejected, null, errors);
}

/// <summary>The ingest API's work: validate, upsert, announce new orders, count for the health figures.</summary>
public sealed class OrderIngest(OrderStore store, OrderNotifier notifier, IngestStats stats, IOptions<OrdersOptions> options, TimeProvider time)
{
    public int MaxBatch => options.Value.MaxApiBatch;

    public async Task<IngestResult> IngestAsync(OrderInput input, CancellationToken cancellationToken = default)
    {
        var result = await UpsertAsync(input, cancellationToken);
        await CountAsync([result], cancellationToken);
        return result;
    }

    /// <summary>Each order on its own: one refused order does not stop the others. In order, one at a time, so two
    /// entries with the same orderID apply in the order sent (the later one wins, version 2).</summary>
    public async Task<IReadOnlyList<IngestResult>> IngestBatchAsync(IReadOnlyList<OrderInput> inputs, CancellationToken cancellationToken = default)
    {
        if (inputs.Count > MaxBatch)
            throw new ArgumentException($"A batch may hold at most {MaxBatch} orders; this one has {inputs.Count}. Split it.", nameof(inputs));
        var results = new List<IngestResult>(inputs.Count);
        foreach (var input in inputs)
            results.Add(await UpsertAsync(input, cancellationToken));
        await CountAsync(results, cancellationToken);
        return results;
    }

    /// <summary>Counts a refusal that never became an order input (a body that is not JSON).</summary>
    public Task CountRejectedAsync(CancellationToken cancellationToken = default) =>
        stats.RecordAsync(time.GetUtcNow(), 0, 0, 1, cancellationToken);

    private async Task<IngestResult> UpsertAsync(OrderInput input, CancellationToken cancellationToken)
    {
        var validation = OrderValidator.Validate(input);
        if (validation.Draft is not { } draft)
            return IngestResult.Refused(validation.Errors);
        var stored = await store.UpsertAsync(draft, cancellationToken);
        if (stored.Inserted)
            await notifier.NewOrderAsync(draft, cancellationToken);
        return new IngestResult(stored.Inserted ? IngestOutcome.Inserted : IngestOutcome.Updated, stored.Order, []);
    }

    private Task CountAsync(IReadOnlyList<IngestResult> results, CancellationToken cancellationToken) =>
        stats.RecordAsync(time.GetUtcNow(),
            results.Count(r => r.Outcome == IngestOutcome.Inserted),
            results.Count(r => r.Outcome == IngestOutcome.Updated),
            results.Count(r => r.Outcome == IngestOutcome.Rejected),
            cancellationToken);
}
