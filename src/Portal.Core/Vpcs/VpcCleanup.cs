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
/// Deletes everything the portal created for one request, in reverse order of creation: route table associations,
/// route table, internet gateway (detach, delete), subnets, VPC. Used by rollback and by teardown alike. Resources are
/// found by the <c>portal:request-id</c> tag as well as by the ids in the record, so one created just before a crash
/// (and never recorded) is found too. One failed delete does not stop the others; what is left is reported.
/// </summary>
internal sealed class VpcCleanup(IEc2Api ec2, IOptions<VpcOptions> options)
{
    // "Already gone" is success for a cleanup.
    private static readonly HashSet<string> GoneCodes = new(StringComparer.Ordinal)
    {
        "InvalidVpcID.NotFound", "InvalidSubnetID.NotFound", "InvalidInternetGatewayID.NotFound",
        "InvalidRouteTableID.NotFound", "InvalidAssociationID.NotFound", "Gateway.NotAttached",
    };

    public async Task<CleanupResult> RemoveAsync(VpcProgress progress, string doneOutcome, CancellationToken cancellationToken)
    {
        var record = progress.Current;
        var byRequest = new[] { VpcTags.ByRequest(record.RequestId) };
        var left = new ConcurrentQueue<string>();
        var errors = new ConcurrentQueue<AmazonServiceException>();

        async Task<bool> DeleteAsync(string step, string id, Func<Task> delete)
        {
            try
            {
                await delete();
                await progress.StepAsync(step, doneOutcome, id, null, cancellationToken);
                return true;
            }
            catch (AmazonServiceException ex) when (GoneCodes.Contains(ex.ErrorCode))
            {
                await progress.StepAsync(step, doneOutcome, $"{id} (already gone)", null, cancellationToken);
                return true;
            }
            catch (AmazonServiceException ex)
            {
                errors.Enqueue(ex);
                left.Enqueue($"{id} ({ex.ErrorCode})");
                await progress.StepAsync(step, StepOutcomes.Failed, $"{id}: {ex.ErrorCode}: {ex.Message}", null, cancellationToken);
                return false;
            }
        }

        var tables = await ec2.DescribeRouteTablesAsync(byRequest, cancellationToken);
        foreach (var table in tables)
        {
            foreach (var association in table.Associations.Where(a => !a.Main))
            {
                await DeleteAsync("DisassociateRouteTable", association.RouteTableAssociationId,
                    () => ec2.DisassociateRouteTableAsync(association.RouteTableAssociationId, cancellationToken));
            }
        }

        foreach (var tableId in Ids(tables.Select(t => t.RouteTableId), record.RouteTableId))
            await DeleteAsync("DeleteRouteTable", tableId, () => ec2.DeleteRouteTableAsync(tableId, cancellationToken));

        var gateways = await ec2.DescribeInternetGatewaysAsync(byRequest, cancellationToken);
        var recordedGateway = record.InternetGatewayId is { } gid && gateways.All(g => g.InternetGatewayId != gid)
            ? new InternetGateway(gid, record.VpcId is null ? [] : [new InternetGatewayAttachment(record.VpcId, "available")], [])
            : null;
        foreach (var gateway in recordedGateway is null ? gateways : [.. gateways, recordedGateway])
        {
            var detached = true;
            foreach (var attachment in gateway.Attachments)
            {
                detached &= await DeleteAsync("DetachInternetGateway", $"{gateway.InternetGatewayId} from {attachment.VpcId}",
                    () => ec2.DetachInternetGatewayAsync(gateway.InternetGatewayId, attachment.VpcId, cancellationToken));
            }

            if (detached)
                await DeleteAsync("DeleteInternetGateway", gateway.InternetGatewayId, () => ec2.DeleteInternetGatewayAsync(gateway.InternetGatewayId, cancellationToken));
            else
                left.Enqueue(gateway.InternetGatewayId + " (still attached)");
        }

        var subnets = await ec2.DescribeSubnetsAsync(byRequest, cancellationToken);
        var subnetIds = Ids(subnets.Select(s => s.SubnetId), [.. record.Subnets.Select(s => s.SubnetId)]);
        await BoundedConcurrency.RunAsync(subnetIds, options.Value.MaxConcurrentCalls,
            id => DeleteAsync("DeleteSubnet", id, () => ec2.DeleteSubnetAsync(id, cancellationToken)), cancellationToken);

        var vpcs = await ec2.DescribeVpcsAsync(byRequest, cancellationToken);
        foreach (var vpcId in Ids(vpcs.Select(v => v.VpcId), record.VpcId))
            await DeleteAsync("DeleteVpc", vpcId, () => ec2.DeleteVpcAsync(vpcId, cancellationToken));

        errors.TryPeek(out var first);
        return new CleanupResult([.. left], first);
    }

    private static List<string> Ids(IEnumerable<string> found, params string?[] recorded) =>
        [.. found.Concat(recorded.OfType<string>()).Distinct(StringComparer.Ordinal)];
}
