using Microsoft.Extensions.Options;
using Portal.Core.Orders;
using Portal.Core.Tokens;
using Portal.Core.Vpcs;

namespace Portal.Core.Estate;

/// <summary>The VPCs of the region against its quota, and the portal's own requests that need a look.</summary>
public sealed record VpcGlance(int InRegion, int Quota, int Creating, int Failed);

/// <summary>The stored token and its schedule.</summary>
public sealed record TokenGlance(TokenState State, DateTimeOffset? ExpiresAt, DateTimeOffset? NextRun, bool MissedRun, TokenRun? LastFailure);

/// <summary>Orders of the last full and current hour, and load jobs still running.</summary>
public sealed record OrdersGlance(long AcceptedLastHour, long RejectedLastHour, int LoadJobsRunning, LoadJob? LatestJob);

/// <summary>One part of the overview; <see cref="Error"/> says why it could not be read (the others still show).</summary>
public sealed record Part<T>(T? Value, string? Error) where T : class;

public sealed record EstateSnapshot(DateTimeOffset At, Part<VpcGlance> Vpcs, Part<TokenGlance> Token, Part<OrdersGlance> Orders);

/// <summary>
/// Home's "estate at a glance": each part read on its own, in parallel, so one unreachable dependency shows as that
/// part's error instead of blanking the page.
/// </summary>
public sealed class EstateOverview(
    IEc2Api ec2, VpcRecordStore records, TokenDashboard tokens, IngestStats ingest, LoadJobStore jobs,
    IOptions<VpcOptions> vpcOptions, TimeProvider time)
{
    public async Task<EstateSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var vpcs = Guard(() => VpcsAsync(cancellationToken));
        var token = Guard(() => TokenAsync(cancellationToken));
        var orders = Guard(() => OrdersAsync(now, cancellationToken));
        await Task.WhenAll(vpcs, token, orders).ConfigureAwait(false);
        return new EstateSnapshot(now, await vpcs, await token, await orders);
    }

    private async Task<VpcGlance> VpcsAsync(CancellationToken cancel)
    {
        var inRegion = ec2.DescribeVpcsAsync([], cancel);
        var open = records.ListByStatusAsync([VpcStatus.Pending, VpcStatus.InProgress, VpcStatus.Failed], cancel);
        await Task.WhenAll(inRegion, open).ConfigureAwait(false);
        var mine = await open;
        return new VpcGlance((await inRegion).Count, vpcOptions.Value.RegionVpcQuota,
            mine.Count(r => r.Status is VpcStatus.Pending or VpcStatus.InProgress), mine.Count(r => r.Status == VpcStatus.Failed));
    }

    private async Task<TokenGlance> TokenAsync(CancellationToken cancel)
    {
        var view = await tokens.LoadAsync(cancel).ConfigureAwait(false);
        return new TokenGlance(view.State, view.Token?.ExpiresAt, view.Schedule.NextRun, view.Schedule.Missed, view.Statistics.LastFailure);
    }

    private async Task<OrdersGlance> OrdersAsync(DateTimeOffset now, CancellationToken cancel)
    {
        var hours = ingest.LastDayAsync(now, cancel);
        var recent = jobs.RecentAsync(10, cancel);
        await Task.WhenAll(hours, recent).ConfigureAwait(false);
        var since = now.AddHours(-1);
        var lastHour = (await hours).Where(h => h.Hour.AddHours(1) > since).ToList();
        var jobList = await recent;
        return new OrdersGlance(lastHour.Sum(h => h.Accepted), lastHour.Sum(h => h.Rejected),
            jobList.Count(j => !j.IsFinished), jobList.FirstOrDefault());
    }

    private static async Task<Part<T>> Guard<T>(Func<Task<T>> read) where T : class
    {
        try
        {
            return new Part<T>(await read().ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new Part<T>(null, ex.Message);
        }
    }
}
