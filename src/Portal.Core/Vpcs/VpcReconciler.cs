using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Core.Vpcs;

/// <summary>
/// On start, and then every <see cref="VpcOptions.ReconcileInterval"/>, finishes what a crash left: records InProgress
/// are rolled back (Failed, <see cref="VpcProvisioning.InterruptedCode"/>), Deleting ones torn down, Pending ones queued
/// again (the tag lookup makes that safe). Only records not updated for <see cref="VpcOptions.StaleAfter"/> are touched,
/// so work another live portal instance is doing is left alone.
/// </summary>
public sealed class VpcReconciler : BackgroundService
{
    private static readonly VpcStatus[] Unfinished = [VpcStatus.Pending, VpcStatus.InProgress, VpcStatus.Deleting];

    private readonly VpcRecordStore _store;
    private readonly VpcProvisioning _provisioning;
    private readonly VpcTeardown _teardown;
    private readonly VpcWorkQueue _queue;
    private readonly IOptions<VpcOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<VpcReconciler> _logger;

    internal VpcReconciler(
        VpcRecordStore store, VpcProvisioning provisioning, VpcTeardown teardown, VpcWorkQueue queue,
        IOptions<VpcOptions> options, TimeProvider time, ILogger<VpcReconciler> logger)
    {
        _store = store;
        _provisioning = provisioning;
        _teardown = teardown;
        _queue = queue;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>One pass; returns the records it acted on, as they ended up (Pending ones as queued).</summary>
    public async Task<IReadOnlyList<VpcRecord>> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        var staleBefore = _time.GetUtcNow() - _options.Value.StaleAfter;
        var handled = new List<VpcRecord>();
        foreach (var record in await _store.ListByStatusAsync(Unfinished, cancellationToken))
        {
            if (record.UpdatedAt > staleBefore)
                continue;
            try
            {
                handled.Add(await ReconcileAsync(record, cancellationToken));
            }
            catch (VpcRecordConflictException)
            {
                // Someone else picked it up between our read and our claim.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError(ex, "Reconciling VPC request {RequestId} failed; trying again next pass", record.RequestId);
            }
        }

        return handled;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ReconcileOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogError(ex, "VPC reconciler pass failed");
                }

                await Task.Delay(_options.Value.ReconcileInterval, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<VpcRecord> ReconcileAsync(VpcRecord record, CancellationToken cancellationToken)
    {
        _logger.LogWarning("VPC request {RequestId} was left {Status}; finishing it", record.RequestId, record.Status);
        switch (record.Status)
        {
            case VpcStatus.InProgress:
                return await _provisioning.RecoverAsync(record.RequestId, "the portal stopped while creating it", cancellationToken);
            case VpcStatus.Deleting:
                return await _teardown.ResumeAsync(record, cancellationToken);
            default:
                await _queue.EnqueueAsync(record.RequestId, cancellationToken);
                return record;
        }
    }
}
