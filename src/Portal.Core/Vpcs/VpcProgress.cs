using Amazon.Runtime;

namespace Portal.Core.Vpcs;

/// <summary>
/// The record of a request while one workflow owns it: every step appends to <see cref="VpcRecord.Steps"/> and is
/// saved at once (over the version read, so a second owner is noticed). Saves are serialized because subnet steps
/// run concurrently.
/// </summary>
internal sealed class VpcProgress
{
    private readonly VpcRecordStore _store;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private VpcProgress(VpcRecordStore store, TimeProvider time, VpcRecord current)
    {
        _store = store;
        _time = time;
        Current = current;
    }

    public VpcRecord Current { get; private set; }

    /// <summary>Takes ownership by moving the record to <paramref name="status"/>; throws
    /// <see cref="VpcRecordConflictException"/> when someone else changed it first.</summary>
    public static async Task<VpcProgress> ClaimAsync(
        VpcRecordStore store, TimeProvider time, VpcRecord record, VpcStatus status, string step, string? detail, CancellationToken cancellationToken)
    {
        var progress = new VpcProgress(store, time, record);
        await progress.StepAsync(step, StepOutcomes.Ok, detail, r => r with { Status = status }, cancellationToken);
        return progress;
    }

    public async Task StepAsync(string name, string outcome, string? detail, Func<VpcRecord, VpcRecord>? change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            var next = (change?.Invoke(Current) ?? Current) with { UpdatedAt = now };
            next = next with { Steps = [.. next.Steps, new ProvisioningStep(now, name, outcome, detail)] };
            Current = await _store.SaveAsync(next, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs one EC2 step; an EC2 error is recorded as a failed step and rethrown.</summary>
    public async Task<T> RunAsync<T>(string name, Func<Task<T>> step, CancellationToken cancellationToken)
    {
        try
        {
            return await step();
        }
        catch (AmazonServiceException ex)
        {
            await StepAsync(name, StepOutcomes.Failed, $"{ex.ErrorCode}: {ex.Message}", null, cancellationToken);
            throw;
        }
    }

    public Task RunAsync(string name, Func<Task> step, CancellationToken cancellationToken) =>
        RunAsync(name, async () =>
        {
            await step();
            return true;
        }, cancellationToken);
}
