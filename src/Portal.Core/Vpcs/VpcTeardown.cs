namespace Portal.Core.Vpcs;

/// <summary>Deletes everything the portal created for a request (same code as rollback: <see cref="VpcCleanup"/>)
/// and marks the record Deleted with who and when, or DeleteFailed with what is left (tear down again to retry).</summary>
public sealed class VpcTeardown
{
    private readonly VpcRecordStore _store;
    private readonly VpcCleanup _cleanup;
    private readonly TimeProvider _time;

    internal VpcTeardown(VpcRecordStore store, VpcCleanup cleanup, TimeProvider time)
    {
        _store = store;
        _cleanup = cleanup;
        _time = time;
    }

    /// <summary>
    /// Allowed for Succeeded and DeleteFailed records, and Failed ones whose rollback left something. Throws
    /// <see cref="InvalidOperationException"/> for any other state, and <see cref="VpcRecordConflictException"/> when
    /// someone else changed the record at the same moment (e.g. a second teardown).
    /// </summary>
    public async Task<VpcRecord> TearDownAsync(string requestId, string requestedBy, CancellationToken cancellationToken)
    {
        VpcProvisioning.CheckRequestId(requestId);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        var record = await _store.GetAsync(requestId, cancellationToken) ?? throw new KeyNotFoundException($"There is no VPC request with id '{requestId}'.");
        if (!CanTearDown(record))
        {
            throw new InvalidOperationException(record.Status switch
            {
                VpcStatus.Deleted => $"VPC request {requestId} is already torn down.",
                VpcStatus.Failed => $"VPC request {requestId} failed and its rollback removed everything; there is nothing to tear down.",
                _ => $"VPC request {requestId} is {record.Status}; wait until it has finished before tearing it down.",
            });
        }

        return await RunAsync(record, requestedBy, cancellationToken);
    }

    /// <summary>Finished with something created that is still there: Succeeded, DeleteFailed, or Failed with a
    /// rollback that left something.</summary>
    public static bool CanTearDown(VpcRecord record) => record.Status is VpcStatus.Succeeded or VpcStatus.DeleteFailed
        || (record.Status == VpcStatus.Failed && record.RollbackOutcome != CleanupResult.Complete);

    /// <summary>Why <paramref name="typed"/> does not confirm tearing <paramref name="record"/> down (the VPC's name,
    /// exactly, surrounding spaces aside), or null when it does.</summary>
    public static string? ConfirmationError(VpcRecord record, string? typed)
    {
        var name = typed?.Trim() ?? "";
        if (string.Equals(name, record.Name, StringComparison.Ordinal))
            return null;
        return (name.Length == 0 ? "Nothing was typed" : $"'{name}' is not the VPC's name") + $": type {record.Name} exactly to confirm.";
    }

    /// <summary>Finishes a teardown whose runner died (record Deleting); for the reconciler.</summary>
    internal Task<VpcRecord> ResumeAsync(VpcRecord deleting, CancellationToken cancellationToken) =>
        RunAsync(deleting, deleting.DeletedBy ?? "reconciler", cancellationToken);

    private async Task<VpcRecord> RunAsync(VpcRecord record, string requestedBy, CancellationToken cancellationToken)
    {
        var progress = await VpcProgress.ClaimAsync(_store, _time, record with { DeletedBy = requestedBy }, VpcStatus.Deleting, "Teardown", $"by {requestedBy}",
            cancellationToken);
        var result = await _cleanup.RemoveAsync(progress, StepOutcomes.Deleted, cancellationToken);
        var now = _time.GetUtcNow();
        await progress.StepAsync(result.IsComplete ? "Deleted" : "DeleteFailed", result.IsComplete ? StepOutcomes.Ok : StepOutcomes.Failed, result.Outcome,
            r => result.IsComplete
                ? r with { Status = VpcStatus.Deleted, DeletedBy = requestedBy, DeletedAt = now, RollbackOutcome = result.Outcome }
                : r with
                {
                    Status = VpcStatus.DeleteFailed,
                    DeletedBy = requestedBy,
                    RollbackOutcome = result.Outcome,
                    ErrorCode = result.FirstError?.ErrorCode,
                    ErrorMessage = result.FirstError?.Message,
                },
            cancellationToken);
        await progress.FlushAsync();
        return progress.Current;
    }
}
