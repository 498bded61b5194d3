using Amazon.Runtime;

namespace Portal.Core.Vpcs;

/// <summary>
/// The record of a request while one workflow owns it: every step appends to <see cref="VpcRecord.Steps"/> in memory at
/// once, in order, and is saved behind (write-behind): one save at a time, over the version last saved (so a second owner
/// is noticed), and the steps that arrive during a save go together in the next one. A step never waits for DynamoDB;
/// <see cref="FlushAsync"/> does, and is called where the record must be durable (the claim, the final state). A crash
/// before a save loses no resource: every resource carries the request-id tag and the rollback finds it by that.
/// </summary>
internal sealed class VpcProgress
{
    private readonly VpcRecordStore _store;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private VpcRecord _current;
    private bool _dirty;
    private bool _writing;
    private Task _writer = Task.CompletedTask;
    private Exception? _saveError;

    private VpcProgress(VpcRecordStore store, TimeProvider time, VpcRecord current)
    {
        _store = store;
        _time = time;
        _current = current;
    }

    /// <summary>The record with every step so far (saved or not yet).</summary>
    public VpcRecord Current
    {
        get
        {
            lock (_lock)
                return _current;
        }
    }

    /// <summary>Takes ownership by moving the record to <paramref name="status"/> (saved before it returns); throws
    /// <see cref="VpcRecordConflictException"/> when someone else changed it first.</summary>
    public static async Task<VpcProgress> ClaimAsync(
        VpcRecordStore store, TimeProvider time, VpcRecord record, VpcStatus status, string step, string? detail, CancellationToken cancellationToken)
    {
        var progress = new VpcProgress(store, time, record);
        await progress.StepAsync(step, StepOutcomes.Ok, detail, r => r with { Status = status }, cancellationToken);
        await progress.FlushAsync();
        return progress;
    }

    /// <summary>Records a step (and its change to the record) now; the save follows in the background.</summary>
    public Task StepAsync(string name, string outcome, string? detail, Func<VpcRecord, VpcRecord>? change, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var next = (change?.Invoke(_current) ?? _current) with { UpdatedAt = now };
            _current = next with { Steps = [.. next.Steps, new ProvisioningStep(now, name, outcome, detail)] };
            _dirty = true;
            if (!_writing && _saveError is null)
            {
                _writing = true;
                _writer = Task.Run(WriteBehindAsync, CancellationToken.None);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits until every step recorded so far is saved; rethrows a failed save (e.g. <see cref="VpcRecordConflictException"/>).</summary>
    public async Task FlushAsync()
    {
        while (true)
        {
            Task writer;
            lock (_lock)
            {
                if (_saveError is { } error)
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
                if (!_writing)
                    return;
                writer = _writer;
            }

            await writer;
        }
    }

    private async Task WriteBehindAsync()
    {
        while (true)
        {
            VpcRecord snapshot;
            lock (_lock)
            {
                if (!_dirty)
                {
                    _writing = false;
                    return;
                }

                _dirty = false;
                snapshot = _current;
            }

            try
            {
                // Saves outlive the caller's cancellation: a step already taken in EC2 must reach the record.
                var saved = await _store.SaveAsync(snapshot, CancellationToken.None);
                lock (_lock)
                    _current = _current with { Version = saved.Version };
            }
            catch (Exception ex)
            {
                lock (_lock)
                {
                    _saveError = ex;
                    _writing = false;
                }

                return;
            }
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
