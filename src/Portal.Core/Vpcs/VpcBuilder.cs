using Amazon.Runtime;
using Microsoft.Extensions.Options;
using Portal.Core.Networking;

namespace Portal.Core.Vpcs;

/// <summary>
/// The create steps, in order: VPC, DNS support, DNS hostnames, subnets (concurrently, bounded), internet gateway and
/// attachment, public route table with its default route and associations. Every create step is find-or-create
/// (<see cref="FindOrCreateAsync"/>), so running again, or a create whose answer was lost, never makes a second resource.
/// </summary>
internal sealed class VpcBuilder(IEc2Api ec2, IOptions<VpcOptions> options)
{
    public const string DefaultRoute = "0.0.0.0/0";

    public async Task BuildAsync(VpcProgress progress, CancellationToken cancellationToken)
    {
        var record = progress.Current;
        var vpcId = await progress.RunAsync("CreateVpc", async () =>
        {
            var find = () => FirstTaggedAsync(ec2.DescribeVpcsAsync, record.RequestId, VpcTags.VpcResource, cancellationToken);
            var (vpc, outcome) = await FindOrCreateAsync(await find(), find,
                () => ec2.CreateVpcAsync(record.Cidr, VpcTags.For(record, VpcTags.VpcResource, record.Name), cancellationToken), cancellationToken);
            await progress.StepAsync("CreateVpc", outcome, vpc.VpcId, r => r with { VpcId = vpc.VpcId }, cancellationToken);
            return vpc.VpcId;
        }, cancellationToken);

        await ModifyVpcAsync(progress, vpcId, VpcAttribute.EnableDnsSupport, record.EnableDnsSupport, cancellationToken);
        await ModifyVpcAsync(progress, vpcId, VpcAttribute.EnableDnsHostnames, record.EnableDnsHostnames, cancellationToken);

        var subnets = await CreateSubnetsAsync(progress, vpcId, cancellationToken);
        if (!record.CreateInternetGateway)
            return;

        var gatewayId = await CreateInternetGatewayAsync(progress, vpcId, cancellationToken);
        var publicSubnets = record.Subnets.Where(s => s.Kind == SubnetKind.Public).Select(s => subnets[s.Name]).ToList();
        if (publicSubnets.Count > 0)
            await CreatePublicRoutesAsync(progress, vpcId, gatewayId, publicSubnets, cancellationToken);
    }

    private Task ModifyVpcAsync(VpcProgress progress, string vpcId, VpcAttribute attribute, bool value, CancellationToken cancellationToken) =>
        progress.RunAsync($"ModifyVpcAttribute {attribute}", async () =>
        {
            await ec2.ModifyVpcAttributeAsync(vpcId, attribute, value, cancellationToken);
            await progress.StepAsync($"ModifyVpcAttribute {attribute}", StepOutcomes.Ok, value ? "on" : "off", null, cancellationToken);
        }, cancellationToken);

    private async Task<Dictionary<string, Subnet>> CreateSubnetsAsync(VpcProgress progress, string vpcId, CancellationToken cancellationToken)
    {
        var record = progress.Current;
        // One lookup for all subnets an earlier attempt may have created.
        var existing = (await ec2.DescribeSubnetsAsync([VpcTags.ByRequest(record.RequestId)], cancellationToken))
            .Where(s => VpcTags.ResourceOf(s.Tags) is not null)
            .ToDictionary(s => VpcTags.ResourceOf(s.Tags)!, StringComparer.Ordinal);
        var created = new System.Collections.Concurrent.ConcurrentDictionary<string, Subnet>(StringComparer.Ordinal);

        await BoundedConcurrency.RunAsync(record.Subnets, options.Value.MaxConcurrentCalls, row => progress.RunAsync($"CreateSubnet {row.Name}", async () =>
        {
            var resource = VpcTags.SubnetResource(row.Name);
            var (subnet, outcome) = await FindOrCreateAsync(
                existing.GetValueOrDefault(resource),
                () => FirstTaggedAsync(ec2.DescribeSubnetsAsync, record.RequestId, resource, cancellationToken),
                () => ec2.CreateSubnetAsync(vpcId, row.Cidr, row.AvailabilityZone, VpcTags.For(record, resource, $"{record.Name}-{row.Name}"), cancellationToken),
                cancellationToken);
            if (row.Kind == SubnetKind.Public && !subnet.MapPublicIpOnLaunch)
                await ec2.ModifySubnetMapPublicIpOnLaunchAsync(subnet.SubnetId, true, cancellationToken);
            created[row.Name] = subnet;
            await progress.StepAsync($"CreateSubnet {row.Name}", outcome, $"{subnet.SubnetId} {row.Cidr} {row.AvailabilityZone}",
                r => r with { Subnets = [.. r.Subnets.Select(s => s.Name == row.Name ? s with { SubnetId = subnet.SubnetId } : s)] },
                cancellationToken);
        }, cancellationToken), cancellationToken);
        return new Dictionary<string, Subnet>(created, StringComparer.Ordinal);
    }

    private async Task<string> CreateInternetGatewayAsync(VpcProgress progress, string vpcId, CancellationToken cancellationToken)
    {
        var record = progress.Current;
        var gateway = await progress.RunAsync("CreateInternetGateway", async () =>
        {
            var find = () => FirstTaggedAsync(ec2.DescribeInternetGatewaysAsync, record.RequestId, VpcTags.InternetGatewayResource, cancellationToken);
            var (gateway, outcome) = await FindOrCreateAsync(await find(), find,
                () => ec2.CreateInternetGatewayAsync(VpcTags.For(record, VpcTags.InternetGatewayResource, $"{record.Name}-igw"), cancellationToken),
                cancellationToken);
            await progress.StepAsync("CreateInternetGateway", outcome, gateway.InternetGatewayId,
                r => r with { InternetGatewayId = gateway.InternetGatewayId }, cancellationToken);
            return gateway;
        }, cancellationToken);

        var gatewayId = gateway.InternetGatewayId;
        await progress.RunAsync("AttachInternetGateway", async () =>
        {
            // Found by state: the gateway lists the VPC among its attachments.
            var (_, outcome) = await FindOrCreateAsync(
                gateway.Attachments.Any(a => a.VpcId == vpcId) ? gatewayId : null,
                async () => (await ec2.DescribeInternetGatewaysAsync([Ec2Filter.Of("internet-gateway-id", gatewayId), Ec2Filter.Of("attachment.vpc-id", vpcId)],
                    cancellationToken)).FirstOrDefault()?.InternetGatewayId,
                async () =>
                {
                    await ec2.AttachInternetGatewayAsync(gatewayId, vpcId, cancellationToken);
                    return gatewayId;
                },
                cancellationToken);
            await progress.StepAsync("AttachInternetGateway", outcome, $"{gatewayId} to {vpcId}", null, cancellationToken);
        }, cancellationToken);
        return gatewayId;
    }

    private async Task CreatePublicRoutesAsync(
        VpcProgress progress, string vpcId, string gatewayId, IReadOnlyList<Subnet> publicSubnets, CancellationToken cancellationToken)
    {
        var record = progress.Current;
        var table = await progress.RunAsync("CreateRouteTable", async () =>
        {
            var find = () => FirstTaggedAsync(ec2.DescribeRouteTablesAsync, record.RequestId, VpcTags.PublicRouteTableResource, cancellationToken);
            var (table, outcome) = await FindOrCreateAsync(await find(), find,
                () => ec2.CreateRouteTableAsync(vpcId, VpcTags.For(record, VpcTags.PublicRouteTableResource, $"{record.Name}-public"), cancellationToken),
                cancellationToken);
            await progress.StepAsync("CreateRouteTable", outcome, table.RouteTableId, r => r with { RouteTableId = table.RouteTableId }, cancellationToken);
            return table;
        }, cancellationToken);

        // The route and the associations are found by state: what the route table holds now.
        async Task<RouteTable?> CurrentTableAsync() =>
            (await ec2.DescribeRouteTablesAsync([Ec2Filter.Of("route-table-id", table.RouteTableId)], cancellationToken)).FirstOrDefault();
        static string? DefaultRouteOf(RouteTable? t, string gatewayId) =>
            t?.Routes.Any(route => route.DestinationCidrBlock == DefaultRoute && route.GatewayId == gatewayId) == true ? DefaultRoute : null;

        await progress.RunAsync("CreateRoute", async () =>
        {
            var (_, outcome) = await FindOrCreateAsync(
                DefaultRouteOf(table, gatewayId),
                async () => DefaultRouteOf(await CurrentTableAsync(), gatewayId),
                async () =>
                {
                    await ec2.CreateRouteAsync(table.RouteTableId, DefaultRoute, gatewayId, cancellationToken);
                    return DefaultRoute;
                },
                cancellationToken);
            await progress.StepAsync("CreateRoute", outcome, $"{DefaultRoute} via {gatewayId}", null, cancellationToken);
        }, cancellationToken);

        static string? AssociationOf(RouteTable? t, string subnetId) => t?.Associations.FirstOrDefault(a => a.SubnetId == subnetId)?.RouteTableAssociationId;
        await BoundedConcurrency.RunAsync(publicSubnets, options.Value.MaxConcurrentCalls, subnet => progress.RunAsync($"AssociateRouteTable {subnet.SubnetId}", async () =>
        {
            var (associationId, outcome) = await FindOrCreateAsync(
                AssociationOf(table, subnet.SubnetId),
                async () => AssociationOf(await CurrentTableAsync(), subnet.SubnetId),
                () => ec2.AssociateRouteTableAsync(table.RouteTableId, subnet.SubnetId, cancellationToken),
                cancellationToken);
            await progress.StepAsync($"AssociateRouteTable {subnet.SubnetId}", outcome, associationId,
                r => r with { RouteTableAssociationIds = [.. r.RouteTableAssociationIds.Where(id => id != associationId), associationId] },
                cancellationToken);
        }, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// A create step. What an earlier run made (<paramref name="existing"/>) is reused. Otherwise it creates once: the
    /// EC2 client never repeats a mutating call that EC2 may have carried out, because a second CreateVpc makes a second
    /// VPC and a second CreateSubnet or CreateRoute fails with a conflict. When the create fails that way (answer lost,
    /// timeout, 5xx), the step looks again with <paramref name="find"/> (by tag or by state) and adopts what it finds.
    /// Nothing found means EC2 did not act: the failure stands, and the rollback's tag lookup cleans up in any case.
    /// </summary>
    private static async Task<(T Value, string Outcome)> FindOrCreateAsync<T>(
        T? existing, Func<Task<T?>> find, Func<Task<T>> create, CancellationToken cancellationToken)
        where T : class
    {
        if (existing is not null)
            return (existing, StepOutcomes.Reused);
        try
        {
            return (await create(), StepOutcomes.Ok);
        }
        catch (Exception ex) when (MayHaveActed(ex, cancellationToken))
        {
            if (await find() is { } adopted)
                return (adopted, StepOutcomes.Reused);
            throw;
        }
    }

    /// <summary>Whether EC2 may have carried out a call that failed: a 4xx is EC2 refusing (nothing changed); a 5xx,
    /// a lost connection or a timeout leaves it open.</summary>
    private static bool MayHaveActed(Exception error, CancellationToken cancellationToken) => error switch
    {
        AmazonServiceException aws => (int)aws.StatusCode >= 500,
        HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static async Task<T?> FirstTaggedAsync<T>(
        Func<IReadOnlyList<Ec2Filter>, CancellationToken, Task<IReadOnlyList<T>>> describe, string requestId, string resource, CancellationToken cancellationToken) =>
        (await describe(VpcTags.ByResource(requestId, resource), cancellationToken)).FirstOrDefault();
}
