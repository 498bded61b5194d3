using System.Collections.Concurrent;
using Amazon.Runtime;
using Microsoft.Extensions.Options;

namespace Portal.Core.Vpcs;

/// <summary>What a cleanup left behind; <see cref="Outcome"/> is <c>complete</c> or names each leftover and why.</summary>
internal sealed record CleanupResult(IReadOnlyList<string> Left, AmazonServiceException? FirstError)
{
    public const string Complete = "complete";

    public bool IsComplete => Left.Count == 0;

    public string Outcome => IsComplete ? Complete : "left: " + string.Join(", ", Left);
}

/// <summary>
/// Deletes everything the portal created for one request, in the order EC2's dependencies require, each stage's
/// deletes at once (bounded by <see cref="VpcOptions.MaxConcurrentCalls"/>): the S3 endpoint, the NAT gateways and the
/// route table associations; then, once every NAT gateway is <c>deleted</c> (EC2 keeps its subnet and Elastic IP until
/// then), the Elastic IPs, the subnets, the egress-only gateway and the internet gateway's detachment; then the route
/// tables and the internet gateway; then the VPC. Used by rollback and by teardown alike. Resources are found by the
/// <c>portal:request-id</c> tag as well as by the ids in the record, so one created just before a crash (and never
/// recorded) is found too. One failed delete does not stop the others; what is left is reported.
/// </summary>
internal sealed class VpcCleanup(IEc2Api ec2, IOptions<VpcOptions> options, TimeProvider time)
{
    // "Already gone" is success for a cleanup.
    private static readonly HashSet<string> GoneCodes = new(StringComparer.Ordinal)
    {
        "InvalidVpcID.NotFound", "InvalidSubnetID.NotFound", "InvalidInternetGatewayID.NotFound",
        "InvalidRouteTableID.NotFound", "InvalidAssociationID.NotFound", "Gateway.NotAttached",
        "InvalidAllocationID.NotFound", "NatGatewayNotFound", "InvalidNatGatewayID.NotFound", "InvalidVpcEndpointId.NotFound", "InvalidGatewayID.NotFound",
    };

    public async Task<CleanupResult> RemoveAsync(VpcProgress progress, string doneOutcome, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var record = progress.Current;
        IReadOnlyList<Ec2Filter> byRequest = [VpcTags.ByRequest(record.RequestId)];
        var left = new ConcurrentQueue<string>();
        var errors = new ConcurrentQueue<AmazonServiceException>();
        using var slots = new SemaphoreSlim(options.Value.MaxConcurrentCalls, options.Value.MaxConcurrentCalls);

        async Task<T> CallAsync<T>(Func<Task<T>> call)
        {
            await slots.WaitAsync(ct);
            try
            {
                return await call();
            }
            finally
            {
                slots.Release();
            }
        }

        Task<IReadOnlyList<T>> FindAsync<T>(bool asked, Func<IReadOnlyList<Ec2Filter>, CancellationToken, Task<IReadOnlyList<T>>> describe) =>
            asked ? CallAsync(() => describe(byRequest, ct)) : Task.FromResult<IReadOnlyList<T>>([]);

        async Task<bool> DeleteAsync(string step, string id, Func<Task> delete)
        {
            try
            {
                await CallAsync(async () =>
                {
                    await delete();
                    return true;
                });
                await progress.StepAsync(step, doneOutcome, id, null, ct);
                return true;
            }
            catch (AmazonServiceException ex) when (GoneCodes.Contains(ex.ErrorCode))
            {
                await progress.StepAsync(step, doneOutcome, $"{id} (already gone)", null, ct);
                return true;
            }
            catch (AmazonServiceException ex)
            {
                errors.Enqueue(ex);
                left.Enqueue($"{id} ({ex.ErrorCode})");
                await progress.StepAsync(step, StepOutcomes.Failed, $"{id}: {ex.ErrorCode}: {ex.Message}", null, ct);
                return false;
            }
        }

        // What there is, all looked up at once; kinds the request never asked for are not looked for.
        var natsAsked = record.NatGateways.Count > 0;
        var tablesTask = FindAsync<RouteTable>(true, ec2.DescribeRouteTablesAsync);
        var gatewaysTask = FindAsync<InternetGateway>(true, ec2.DescribeInternetGatewaysAsync);
        var subnetsTask = FindAsync<Subnet>(true, ec2.DescribeSubnetsAsync);
        var vpcsTask = FindAsync<Vpc>(true, ec2.DescribeVpcsAsync);
        var natsTask = FindAsync<NatGateway>(natsAsked, ec2.DescribeNatGatewaysAsync);
        var addressesTask = FindAsync<ElasticIp>(natsAsked, ec2.DescribeAddressesAsync);
        var egressTask = FindAsync<EgressOnlyInternetGateway>(record.Ipv6, ec2.DescribeEgressOnlyInternetGatewaysAsync);
        var endpointsTask = FindAsync<VpcEndpoint>(record.S3GatewayEndpoint, ec2.DescribeVpcEndpointsAsync);
        await Task.WhenAll(tablesTask, gatewaysTask, subnetsTask, vpcsTask, natsTask, addressesTask, egressTask, endpointsTask);
        var (tables, gateways, subnets, vpcs) = (tablesTask.Result, gatewaysTask.Result, subnetsTask.Result, vpcsTask.Result);

        // Stage 1: what holds the subnets, route tables and addresses.
        var endpointIds = Ids(endpointsTask.Result.Select(e => e.VpcEndpointId), record.S3EndpointId);
        var natIds = Ids(natsTask.Result.Where(n => n.State != NatGatewayStates.Deleted).Select(n => n.NatGatewayId),
            [.. record.NatGateways.Select(n => n.NatGatewayId)]);
        var natsDeleted = new ConcurrentBag<string>();
        await Task.WhenAll([
            .. endpointIds.Select(id => DeleteAsync("DeleteVpcEndpoints", id, () => ec2.DeleteVpcEndpointsAsync([id], ct))),
            .. natIds.Select(async id =>
            {
                if (await DeleteAsync("DeleteNatGateway", id, () => ec2.DeleteNatGatewayAsync(id, ct)))
                    natsDeleted.Add(id);
            }),
            .. tables.SelectMany(t => t.Associations.Where(a => !a.Main)).Select(a => DeleteAsync("DisassociateRouteTable", a.RouteTableAssociationId,
                () => ec2.DisassociateRouteTableAsync(a.RouteTableAssociationId, ct))),
        ]);

        // EC2 keeps a NAT gateway's subnet and Elastic IP (and the gateway's mapping) until it is deleted.
        var stillThere = await WaitUntilDeletedAsync([.. natsDeleted], progress, doneOutcome, CallAsync, ct);
        foreach (var id in stillThere)
            left.Enqueue($"{id} (not deleted in time)");

        // Stage 2.
        var allocationIds = Ids(addressesTask.Result.Select(a => a.AllocationId), [.. record.NatGateways.Select(n => n.AllocationId)]);
        var subnetIds = Ids(subnets.Select(s => s.SubnetId), [.. record.Subnets.Select(s => s.SubnetId)]);
        var egressIds = Ids(egressTask.Result.Select(g => g.EgressOnlyInternetGatewayId), record.EgressOnlyInternetGatewayId);
        var recordedGateway = record.InternetGatewayId is { } gid && gateways.All(g => g.InternetGatewayId != gid)
            ? new InternetGateway(gid, record.VpcId is null ? [] : [new InternetGatewayAttachment(record.VpcId, "available")], [])
            : null;
        var allGateways = recordedGateway is null ? gateways : [.. gateways, recordedGateway];
        var detached = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        await Task.WhenAll([
            .. allocationIds.Select(id => DeleteAsync("ReleaseAddress", id, () => ec2.ReleaseAddressAsync(id, ct))),
            .. subnetIds.Select(id => DeleteAsync("DeleteSubnet", id, () => ec2.DeleteSubnetAsync(id, ct))),
            .. egressIds.Select(id => DeleteAsync("DeleteEgressOnlyInternetGateway", id, () => ec2.DeleteEgressOnlyInternetGatewayAsync(id, ct))),
            .. allGateways.Select(async gateway =>
            {
                var all = true;
                foreach (var attachment in gateway.Attachments)
                {
                    all &= await DeleteAsync("DetachInternetGateway", $"{gateway.InternetGatewayId} from {attachment.VpcId}",
                        () => ec2.DetachInternetGatewayAsync(gateway.InternetGatewayId, attachment.VpcId, ct));
                }

                detached[gateway.InternetGatewayId] = all;
            }),
        ]);

        // Stage 3.
        await Task.WhenAll([
            .. Ids(tables.Select(t => t.RouteTableId), [record.RouteTableId, .. record.PrivateRouteTables.Select(t => t.RouteTableId)])
                .Where(id => !tables.Any(t => t.RouteTableId == id && t.Associations.Any(a => a.Main)))
                .Select(id => DeleteAsync("DeleteRouteTable", id, () => ec2.DeleteRouteTableAsync(id, ct))),
            .. allGateways.Select(async gateway =>
            {
                if (detached[gateway.InternetGatewayId])
                    await DeleteAsync("DeleteInternetGateway", gateway.InternetGatewayId, () => ec2.DeleteInternetGatewayAsync(gateway.InternetGatewayId, ct));
                else
                    left.Enqueue(gateway.InternetGatewayId + " (still attached)");
            }),
        ]);

        foreach (var vpcId in Ids(vpcs.Select(v => v.VpcId), record.VpcId))
            await DeleteAsync("DeleteVpc", vpcId, () => ec2.DeleteVpcAsync(vpcId, ct));

        errors.TryPeek(out var first);
        return new CleanupResult([.. left], first);
    }

    /// <summary>Polls until each NAT gateway is <c>deleted</c> (or gone), up to <see cref="VpcOptions.NatAvailableTimeout"/>;
    /// returns those still not deleted.</summary>
    private async Task<IReadOnlyList<string>> WaitUntilDeletedAsync(
        IReadOnlyList<string> natIds, VpcProgress progress, string doneOutcome, Func<Func<Task<IReadOnlyList<NatGateway>>>, Task<IReadOnlyList<NatGateway>>> call,
        CancellationToken ct)
    {
        var waiting = natIds.ToHashSet(StringComparer.Ordinal);
        var started = time.GetTimestamp();
        while (waiting.Count > 0)
        {
            var ids = waiting.ToArray();
            var seen = await call(() => ec2.DescribeNatGatewaysAsync([Ec2Filter.Of("nat-gateway-id", ids)], ct));
            foreach (var id in ids.Where(id => seen.FirstOrDefault(n => n.NatGatewayId == id) is not { } nat || nat.State == NatGatewayStates.Deleted))
            {
                waiting.Remove(id);
                await progress.StepAsync("NatGatewayDeleted", doneOutcome, id, null, ct);
            }

            if (waiting.Count == 0 || time.GetElapsedTime(started) >= options.Value.NatAvailableTimeout)
                break;
            await Task.Delay(options.Value.NatPollInterval, time, ct);
        }

        return [.. waiting];
    }

    private static List<string> Ids(IEnumerable<string> found, params string?[] recorded) =>
        [.. found.Concat(recorded.OfType<string>()).Distinct(StringComparer.Ordinal)];
}
