using System.Net.Sockets;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Sdk = Amazon.EC2.Model;

namespace Portal.Core.Vpcs;

/// <summary>
/// <see cref="IEc2Api"/> on AWSSDK.EC2 (Aws mode). Describe* calls go through <see cref="Reads"/>, which has the SDK's
/// standard retry; every mutating call goes through <see cref="Writes"/> (a <see cref="MutatingEc2Client"/>), which
/// never repeats a call EC2 may have carried out. The <see cref="VpcBuilder"/> adopts what such a call made.
/// </summary>
public sealed class AwsEc2(IAmazonEC2 reads, IAmazonEC2 writes) : IEc2Api
{
    internal IAmazonEC2 Reads => reads;

    internal IAmazonEC2 Writes => writes;

    public async Task<IReadOnlyList<AvailabilityZone>> DescribeAvailabilityZonesAsync(CancellationToken cancellationToken = default) =>
        [.. ((await reads.DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest(), cancellationToken)).AvailabilityZones ?? [])
            .Select(z => new AvailabilityZone(z.ZoneName, z.ZoneId, z.State?.Value ?? "unknown", z.RegionName))];

    public async Task<Vpc> CreateVpcAsync(
        string cidrBlock, IReadOnlyList<Ec2Tag> tags, bool amazonProvidedIpv6CidrBlock = false, string instanceTenancy = "default",
        CancellationToken cancellationToken = default) =>
        ToVpc((await writes.CreateVpcAsync(new CreateVpcRequest
        {
            CidrBlock = cidrBlock,
            AmazonProvidedIpv6CidrBlock = amazonProvidedIpv6CidrBlock ? true : null,
            InstanceTenancy = Tenancy.FindValue(instanceTenancy),
            TagSpecifications = Tagged(ResourceType.Vpc, tags),
        }, cancellationToken)).Vpc);

    public Task ModifyVpcAttributeAsync(string vpcId, VpcAttribute attribute, bool value, CancellationToken cancellationToken = default) =>
        writes.ModifyVpcAttributeAsync(attribute switch
        {
            VpcAttribute.EnableDnsSupport => new ModifyVpcAttributeRequest { VpcId = vpcId, EnableDnsSupport = value },
            VpcAttribute.EnableDnsHostnames => new ModifyVpcAttributeRequest { VpcId = vpcId, EnableDnsHostnames = value },
            _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "Use EnableDnsSupport or EnableDnsHostnames."),
        }, cancellationToken);

    public Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        ListAsync(reads.Paginators.DescribeVpcs(new DescribeVpcsRequest { Filters = Filters(filters) }).Vpcs, ToVpc, cancellationToken);

    public Task DeleteVpcAsync(string vpcId, CancellationToken cancellationToken = default) =>
        writes.DeleteVpcAsync(new DeleteVpcRequest { VpcId = vpcId }, cancellationToken);

    public async Task<Subnet> CreateSubnetAsync(
        string vpcId, string cidrBlock, string availabilityZone, IReadOnlyList<Ec2Tag> tags, string? ipv6CidrBlock = null,
        CancellationToken cancellationToken = default) =>
        ToSubnet((await writes.CreateSubnetAsync(new CreateSubnetRequest
        {
            VpcId = vpcId,
            CidrBlock = cidrBlock,
            Ipv6CidrBlock = ipv6CidrBlock,
            AvailabilityZone = availabilityZone,
            TagSpecifications = Tagged(ResourceType.Subnet, tags),
        }, cancellationToken)).Subnet);

    public Task ModifySubnetMapPublicIpOnLaunchAsync(string subnetId, bool value, CancellationToken cancellationToken = default) =>
        writes.ModifySubnetAttributeAsync(new ModifySubnetAttributeRequest { SubnetId = subnetId, MapPublicIpOnLaunch = value }, cancellationToken);

    public Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        ListAsync(reads.Paginators.DescribeSubnets(new DescribeSubnetsRequest { Filters = Filters(filters) }).Subnets, ToSubnet, cancellationToken);

    public Task DeleteSubnetAsync(string subnetId, CancellationToken cancellationToken = default) =>
        writes.DeleteSubnetAsync(new DeleteSubnetRequest { SubnetId = subnetId }, cancellationToken);

    public async Task<InternetGateway> CreateInternetGatewayAsync(IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default) =>
        ToInternetGateway((await writes.CreateInternetGatewayAsync(
            new CreateInternetGatewayRequest { TagSpecifications = Tagged(ResourceType.InternetGateway, tags) }, cancellationToken)).InternetGateway);

    public Task AttachInternetGatewayAsync(string internetGatewayId, string vpcId, CancellationToken cancellationToken = default) =>
        writes.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = internetGatewayId, VpcId = vpcId }, cancellationToken);

    public Task DetachInternetGatewayAsync(string internetGatewayId, string vpcId, CancellationToken cancellationToken = default) =>
        writes.DetachInternetGatewayAsync(new DetachInternetGatewayRequest { InternetGatewayId = internetGatewayId, VpcId = vpcId }, cancellationToken);

    public Task<IReadOnlyList<InternetGateway>> DescribeInternetGatewaysAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        ListAsync(reads.Paginators.DescribeInternetGateways(new DescribeInternetGatewaysRequest { Filters = Filters(filters) }).InternetGateways,
            ToInternetGateway, cancellationToken);

    public Task DeleteInternetGatewayAsync(string internetGatewayId, CancellationToken cancellationToken = default) =>
        writes.DeleteInternetGatewayAsync(new DeleteInternetGatewayRequest { InternetGatewayId = internetGatewayId }, cancellationToken);

    public async Task<RouteTable> CreateRouteTableAsync(string vpcId, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default) =>
        ToRouteTable((await writes.CreateRouteTableAsync(
            new CreateRouteTableRequest { VpcId = vpcId, TagSpecifications = Tagged(ResourceType.RouteTable, tags) }, cancellationToken)).RouteTable);

    public Task CreateRouteAsync(string routeTableId, string destination, RouteTarget target, CancellationToken cancellationToken = default) =>
        writes.CreateRouteAsync(new CreateRouteRequest
        {
            RouteTableId = routeTableId,
            DestinationCidrBlock = RouteTarget.IsIpv6(destination) ? null : destination,
            DestinationIpv6CidrBlock = RouteTarget.IsIpv6(destination) ? destination : null,
            GatewayId = target.GatewayId,
            NatGatewayId = target.NatGatewayId,
            EgressOnlyInternetGatewayId = target.EgressOnlyInternetGatewayId,
        }, cancellationToken);

    public Task DeleteRouteAsync(string routeTableId, string destination, CancellationToken cancellationToken = default) =>
        writes.DeleteRouteAsync(new DeleteRouteRequest
        {
            RouteTableId = routeTableId,
            DestinationCidrBlock = RouteTarget.IsIpv6(destination) ? null : destination,
            DestinationIpv6CidrBlock = RouteTarget.IsIpv6(destination) ? destination : null,
        }, cancellationToken);

    public async Task<string> AssociateRouteTableAsync(string routeTableId, string subnetId, CancellationToken cancellationToken = default) =>
        (await writes.AssociateRouteTableAsync(new AssociateRouteTableRequest { RouteTableId = routeTableId, SubnetId = subnetId }, cancellationToken))
            .AssociationId;

    public Task DisassociateRouteTableAsync(string associationId, CancellationToken cancellationToken = default) =>
        writes.DisassociateRouteTableAsync(new DisassociateRouteTableRequest { AssociationId = associationId }, cancellationToken);

    public Task<IReadOnlyList<RouteTable>> DescribeRouteTablesAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        ListAsync(reads.Paginators.DescribeRouteTables(new DescribeRouteTablesRequest { Filters = Filters(filters) }).RouteTables,
            ToRouteTable, cancellationToken);

    public Task DeleteRouteTableAsync(string routeTableId, CancellationToken cancellationToken = default) =>
        writes.DeleteRouteTableAsync(new DeleteRouteTableRequest { RouteTableId = routeTableId }, cancellationToken);

    public async Task<ElasticIp> AllocateAddressAsync(IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default)
    {
        var allocated = await writes.AllocateAddressAsync(
            new AllocateAddressRequest { Domain = DomainType.Vpc, TagSpecifications = Tagged(ResourceType.ElasticIp, tags) }, cancellationToken);
        return new ElasticIp(allocated.AllocationId, allocated.PublicIp, null, tags);
    }

    // DescribeAddresses has no paging: it answers every address of the region at once.
    public async Task<IReadOnlyList<ElasticIp>> DescribeAddressesAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        [.. ((await reads.DescribeAddressesAsync(new DescribeAddressesRequest { Filters = Filters(filters) }, cancellationToken)).Addresses ?? [])
            .Select(a => new ElasticIp(a.AllocationId, a.PublicIp, a.AssociationId, Tags(a.Tags)))];

    public Task ReleaseAddressAsync(string allocationId, CancellationToken cancellationToken = default) =>
        writes.ReleaseAddressAsync(new ReleaseAddressRequest { AllocationId = allocationId }, cancellationToken);

    public async Task<NatGateway> CreateNatGatewayAsync(
        string subnetId, string allocationId, string clientToken, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default) =>
        ToNatGateway((await writes.CreateNatGatewayAsync(new CreateNatGatewayRequest
        {
            SubnetId = subnetId,
            AllocationId = allocationId,
            ConnectivityType = ConnectivityType.Public,
            ClientToken = clientToken,
            TagSpecifications = Tagged(ResourceType.Natgateway, tags),
        }, cancellationToken)).NatGateway);

    // DescribeNatGateways names its filter list "Filter" (not "Filters") in the SDK.
    public Task<IReadOnlyList<NatGateway>> DescribeNatGatewaysAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        ListAsync(reads.Paginators.DescribeNatGateways(new DescribeNatGatewaysRequest { Filter = Filters(filters) }).NatGateways, ToNatGateway, cancellationToken);

    public Task DeleteNatGatewayAsync(string natGatewayId, CancellationToken cancellationToken = default) =>
        writes.DeleteNatGatewayAsync(new DeleteNatGatewayRequest { NatGatewayId = natGatewayId }, cancellationToken);

    public async Task<EgressOnlyInternetGateway> CreateEgressOnlyInternetGatewayAsync(
        string vpcId, string clientToken, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default) =>
        ToEgressOnly((await writes.CreateEgressOnlyInternetGatewayAsync(new CreateEgressOnlyInternetGatewayRequest
        {
            VpcId = vpcId,
            ClientToken = clientToken,
            TagSpecifications = Tagged(ResourceType.EgressOnlyInternetGateway, tags),
        }, cancellationToken)).EgressOnlyInternetGateway);

    public Task<IReadOnlyList<EgressOnlyInternetGateway>> DescribeEgressOnlyInternetGatewaysAsync(
        IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        ListAsync(reads.Paginators.DescribeEgressOnlyInternetGateways(new DescribeEgressOnlyInternetGatewaysRequest { Filters = Filters(filters) })
            .EgressOnlyInternetGateways, ToEgressOnly, cancellationToken);

    public Task DeleteEgressOnlyInternetGatewayAsync(string egressOnlyInternetGatewayId, CancellationToken cancellationToken = default) =>
        writes.DeleteEgressOnlyInternetGatewayAsync(
            new DeleteEgressOnlyInternetGatewayRequest { EgressOnlyInternetGatewayId = egressOnlyInternetGatewayId }, cancellationToken);

    public async Task<VpcEndpoint> CreateGatewayVpcEndpointAsync(
        string vpcId, string serviceName, IReadOnlyList<string> routeTableIds, string clientToken, IReadOnlyList<Ec2Tag> tags,
        CancellationToken cancellationToken = default) =>
        ToVpcEndpoint((await writes.CreateVpcEndpointAsync(new CreateVpcEndpointRequest
        {
            VpcId = vpcId,
            ServiceName = serviceName,
            VpcEndpointType = VpcEndpointType.Gateway,
            RouteTableIds = [.. routeTableIds],
            ClientToken = clientToken,
            TagSpecifications = Tagged(ResourceType.VpcEndpoint, tags),
        }, cancellationToken)).VpcEndpoint);

    public Task<IReadOnlyList<VpcEndpoint>> DescribeVpcEndpointsAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        ListAsync(reads.Paginators.DescribeVpcEndpoints(new DescribeVpcEndpointsRequest { Filters = Filters(filters) }).VpcEndpoints, ToVpcEndpoint,
            cancellationToken);

    public async Task DeleteVpcEndpointsAsync(IReadOnlyList<string> vpcEndpointIds, CancellationToken cancellationToken = default)
    {
        var response = await writes.DeleteVpcEndpointsAsync(new DeleteVpcEndpointsRequest { VpcEndpointIds = [.. vpcEndpointIds] }, cancellationToken);
        // EC2 answers 200 with the endpoints it could not delete listed; the workflow needs them as errors.
        if (response.Unsuccessful?.FirstOrDefault() is { } failed)
        {
            throw new AmazonEC2Exception($"{failed.ResourceId}: {failed.Error?.Message}", ErrorType.Sender, failed.Error?.Code ?? "InternalError",
                response.ResponseMetadata?.RequestId, System.Net.HttpStatusCode.BadRequest);
        }
    }

    /// <summary>Tags go on at creation (TagSpecifications), so no resource ever exists without its request id.</summary>
    private static List<TagSpecification> Tagged(ResourceType type, IReadOnlyList<Ec2Tag> tags) =>
        tags.Count == 0 ? [] : [new TagSpecification { ResourceType = type, Tags = [.. tags.Select(t => new Tag(t.Key, t.Value))] }];

    private static List<Filter> Filters(IReadOnlyList<Ec2Filter> filters) => [.. filters.Select(f => new Filter(f.Name, [.. f.Values]))];

    private static async Task<IReadOnlyList<TOut>> ListAsync<TIn, TOut>(IAsyncEnumerable<TIn> pages, Func<TIn, TOut> map, CancellationToken cancellationToken)
    {
        var items = new List<TOut>();
        await foreach (var item in pages.WithCancellation(cancellationToken))
            items.Add(map(item));
        return items;
    }

    private static List<Ec2Tag> Tags(List<Tag>? tags) => [.. (tags ?? []).Select(t => new Ec2Tag(t.Key, t.Value ?? ""))];

    private static Vpc ToVpc(Sdk.Vpc v) => new(
        v.VpcId, v.CidrBlock, v.State?.Value ?? "unknown", v.IsDefault ?? false, Tags(v.Tags),
        (v.Ipv6CidrBlockAssociationSet ?? []).FirstOrDefault(a => a.Ipv6CidrBlockState?.State?.Value == "associated" && !string.IsNullOrEmpty(a.Ipv6CidrBlock))?.Ipv6CidrBlock,
        v.InstanceTenancy?.Value ?? "default");

    private static Subnet ToSubnet(Sdk.Subnet s) => new(
        s.SubnetId, s.VpcId, s.CidrBlock, s.AvailabilityZone, s.State?.Value ?? "unknown", s.MapPublicIpOnLaunch ?? false, Tags(s.Tags),
        (s.Ipv6CidrBlockAssociationSet ?? []).FirstOrDefault(a => a.Ipv6CidrBlockState?.State?.Value is "associated" or "associating")?.Ipv6CidrBlock);

    private static NatGateway ToNatGateway(Sdk.NatGateway n)
    {
        var address = (n.NatGatewayAddresses ?? []).FirstOrDefault();
        return new(n.NatGatewayId, n.VpcId, n.SubnetId, n.State?.Value ?? "unknown", address?.AllocationId, address?.PublicIp, n.FailureCode, n.FailureMessage,
            Tags(n.Tags));
    }

    private static EgressOnlyInternetGateway ToEgressOnly(Sdk.EgressOnlyInternetGateway g) => new(
        g.EgressOnlyInternetGatewayId,
        [.. (g.Attachments ?? []).Select(a => new InternetGatewayAttachment(a.VpcId, a.State?.Value ?? "unknown"))],
        Tags(g.Tags));

    private static VpcEndpoint ToVpcEndpoint(Sdk.VpcEndpoint e) => new(
        e.VpcEndpointId, e.VpcId, e.ServiceName, e.VpcEndpointType?.Value ?? "Gateway", e.State?.Value ?? "unknown", [.. e.RouteTableIds ?? []], Tags(e.Tags));

    private static InternetGateway ToInternetGateway(Sdk.InternetGateway g) => new(
        g.InternetGatewayId,
        [.. (g.Attachments ?? []).Select(a => new InternetGatewayAttachment(a.VpcId, a.State?.Value ?? "unknown"))],
        Tags(g.Tags));

    private static RouteTable ToRouteTable(Sdk.RouteTable t) => new(
        t.RouteTableId,
        t.VpcId,
        [.. (t.Routes ?? []).Select(r => new Route(
            r.DestinationCidrBlock, r.GatewayId, r.State?.Value, r.DestinationIpv6CidrBlock, r.NatGatewayId, r.EgressOnlyInternetGatewayId))],
        [.. (t.Associations ?? []).Select(a => new RouteTableAssociation(a.RouteTableAssociationId, a.SubnetId, a.Main ?? false))],
        Tags(t.Tags));
}

/// <summary>
/// The EC2 client for mutating calls. Its retry repeats a call only when EC2 provably did nothing: a throttling answer,
/// or a connection refused before the request left. Any other failure (answer lost, timeout, 5xx) may hide a call EC2
/// carried out, and repeating a create would make a second resource; it goes back to the workflow instead.
/// </summary>
public sealed class MutatingEc2Client(AWSCredentials credentials, AmazonEC2Config config) : AmazonEC2Client(credentials, config)
{
    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        base.CustomizeRuntimePipeline(pipeline);
        pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(new NothingDoneRetryPolicy(Config)));
    }

    private sealed class NothingDoneRetryPolicy(IClientConfig config) : StandardRetryPolicy(config)
    {
        public override bool RetryForException(IExecutionContext executionContext, Exception exception) =>
            IsThrottlingError(exception)
            || exception is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } };

        public override Task<bool> RetryForExceptionAsync(IExecutionContext executionContext, Exception exception) =>
            Task.FromResult(RetryForException(executionContext, exception));
    }
}
