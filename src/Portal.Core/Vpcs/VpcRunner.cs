using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Core.Vpcs;

/// <summary>Runs queued requests one after another in the background. A failure outside EC2 (DynamoDB down, a bug)
/// is rolled back at once; a request cut off by shutdown stays InProgress and the reconciler finishes it.</summary>
internal sealed class VpcRunner(VpcWorkQueue queue, VpcProvisioning provisioning, ILogger<VpcRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var requestId in queue.Reader.ReadAllAsync(stoppingToken))
                await RunOneAsync(requestId, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOneAsync(string requestId, CancellationToken stoppingToken)
    {
        try
        {
            var record = await provisioning.RunAsync(requestId, stoppingToken);
            logger.LogInformation("VPC request {RequestId} finished {Status} ({VpcId})", requestId, record.Status, record.VpcId);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "VPC request {RequestId} stopped outside EC2; rolling back", requestId);
            try
            {
                await provisioning.RecoverAsync(requestId, ex.GetType().Name, stoppingToken);
            }
            catch (Exception recoverError) when (recoverError is not OperationCanceledException)
            {
                // The record stays InProgress; the reconciler tries again once it is stale.
                logger.LogError(recoverError, "Rolling back VPC request {RequestId} failed; the reconciler will retry", requestId);
            }
        }
    }
}
