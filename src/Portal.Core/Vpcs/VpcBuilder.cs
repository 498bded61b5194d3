using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Networking;

namespace Portal.Core.Vpcs;

/// <summary>
/// The create steps, in order: VPC, DNS support, DNS hostnames, subnets (concurrently, bounded), internet gateway and
/// attachment, public route table with its default route and associations. Before each create it looks the resource
/// up by its tags and reuses what an earlier attempt left, so running again never makes a second one.
/// </summary>
internal sealed class VpcBuilder(IEc2Api ec2, IOptions<VpcOptions> options)
{
    public const string DefaultRoute = "0.0.0.0/0";

    public async Task BuildAsync(VpcProgress progress, CancellationToken cancellationToken)
    {
        var record = progress.Current;
        var byRequest = new[] { VpcTags.ByRequest(record.RequestId) };

        var vpcId = await progress.RunAsync("CreateVpc", async () =>
        {
            var existing = (await ec2.DescribeVpcsAsync(byRequest, cancellationToken)).FirstOrDefault();
            var vpc = existing ?? await ec2.CreateVpcAsync(record.Cidr, VpcTags.For(record, VpcTags.VpcResource, record.Name), cancellationToken);
            await progress.StepAsync("CreateVpc", Outcome(existing), vpc.VpcId, r => r with { VpcId = vpc.VpcId }, cancellationToken);
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
            var found = existing.GetValueOrDefault(VpcTags.SubnetResource(row.Name));
            var subnet = found ?? await ec2.CreateSubnetAsync(
                vpcId, row.Cidr, row.AvailabilityZone, VpcTags.For(record, VpcTags.SubnetResource(row.Name), $"{record.Name}-{row.Name}"), cancellationToken);
            if (row.Kind == SubnetKind.Public && !subnet.MapPublicIpOnLaunch)
                await ec2.ModifySubnetMapPublicIpOnLaunchAsync(subnet.SubnetId, true, cancellationToken);
            created[row.Name] = subnet;
            await progress.StepAsync($"CreateSubnet {row.Name}", Outcome(found), $"{subnet.SubnetId} {row.Cidr} {row.AvailabilityZone}",
                r => r with { Subnets = [.. r.Subnets.Select(s => s.Name == row.Name ? s with { SubnetId = subnet.SubnetId } : s)] },
                cancellationToken);
        }, cancellationToken), cancellationToken);
        return new Dictionary<string, Subnet>(created, StringComparer.Ordinal);
    }

    private async Task<string> CreateInternetGatewayAsync(VpcProgress progress, string vpcId, CancellationToken cancellationToken)
    {
        var gateway = await progress.RunAsync("CreateInternetGateway", async () =>
        {
            var record = progress.Current;
            var existing = (await ec2.DescribeInternetGatewaysAsync([VpcTags.ByRequest(record.RequestId)], cancellationToken)).FirstOrDefault();
            var gateway = existing ?? await ec2.CreateInternetGatewayAsync(
                VpcTags.For(record, VpcTags.InternetGatewayResource, $"{record.Name}-igw"), cancellationToken);
            await progress.StepAsync("CreateInternetGateway", Outcome(existing), gateway.InternetGatewayId,
                r => r with { InternetGatewayId = gateway.InternetGatewayId }, cancellationToken);
            return gateway;
        }, cancellationToken);

        await progress.RunAsync("AttachInternetGateway", async () =>
        {
            if (!gateway.Attachments.Any(a => a.VpcId == vpcId))
                await ec2.AttachInternetGatewayAsync(gateway.InternetGatewayId, vpcId, cancellationToken);
            await progress.StepAsync("AttachInternetGateway", StepOutcomes.Ok, $"{gateway.InternetGatewayId} to {vpcId}", null, cancellationToken);
        }, cancellationToken);
        return gateway.InternetGatewayId;
    }

    private async Task CreatePublicRoutesAsync(
        VpcProgress progress, string vpcId, string gatewayId, IReadOnlyList<Subnet> publicSubnets, CancellationToken cancellationToken)
    {
        var record = progress.Current;
        var table = await progress.RunAsync("CreateRouteTable", async () =>
        {
            var existing = (await ec2.DescribeRouteTablesAsync([VpcTags.ByRequest(record.RequestId)], cancellationToken)).FirstOrDefault();
            var table = existing ?? await ec2.CreateRouteTableAsync(
                vpcId, VpcTags.For(record, VpcTags.PublicRouteTableResource, $"{record.Name}-public"), cancellationToken);
            await progress.StepAsync("CreateRouteTable", Outcome(existing), table.RouteTableId, r => r with { RouteTableId = table.RouteTableId }, cancellationToken);
            return table;
        }, cancellationToken);

        await progress.RunAsync("CreateRoute", async () =>
        {
            if (!table.Routes.Any(route => route.DestinationCidrBlock == DefaultRoute))
                await ec2.CreateRouteAsync(table.RouteTableId, DefaultRoute, gatewayId, cancellationToken);
            await progress.StepAsync("CreateRoute", StepOutcomes.Ok, $"{DefaultRoute} via {gatewayId}", null, cancellationToken);
        }, cancellationToken);

        await BoundedConcurrency.RunAsync(publicSubnets, options.Value.MaxConcurrentCalls, subnet => progress.RunAsync($"AssociateRouteTable {subnet.SubnetId}", async () =>
        {
            var existing = table.Associations.FirstOrDefault(a => a.SubnetId == subnet.SubnetId)?.RouteTableAssociationId;
            var associationId = existing ?? await ec2.AssociateRouteTableAsync(table.RouteTableId, subnet.SubnetId, cancellationToken);
            await progress.StepAsync($"AssociateRouteTable {subnet.SubnetId}", existing is null ? StepOutcomes.Ok : StepOutcomes.Reused, associationId,
                r => r with { RouteTableAssociationIds = [.. r.RouteTableAssociationIds.Where(id => id != associationId), associationId] },
                cancellationToken);
        }, cancellationToken), cancellationToken);
    }

    private static string Outcome(object? existing) => existing is null ? StepOutcomes.Ok : StepOutcomes.Reused;
}
