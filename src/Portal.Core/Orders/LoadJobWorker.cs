using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Core.Orders;

/// <summary>Jobs waiting for the background worker.</summary>
public sealed class LoadJobQueue
{
    private readonly Channel<string> _jobs = Channel.CreateUnbounded<string>();

    public void Enqueue(string jobId) => _jobs.Writer.TryWrite(jobId);

    internal ChannelReader<string> Reader => _jobs.Reader;
}

/// <summary>Runs queued load jobs one at a time in the background. On start it picks up jobs left Queued or Running
/// by a previous process (a restart resumes them from their checkpoint).</summary>
public sealed class LoadJobWorker(LoadJobQueue queue, LoadJobStore jobs, BulkLoader loader, ILogger<LoadJobWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var job in await jobs.RecentAsync(int.MaxValue, stoppingToken))
            {
                if (job.State is LoadJobState.Queued or LoadJobState.Running)
                    queue.Enqueue(job.JobId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not look for interrupted load jobs");
        }

        await foreach (var jobId in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await loader.RunAsync(jobId, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Load job {JobId} could not run", jobId);
            }
        }
    }
}
