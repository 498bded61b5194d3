using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Vpcs.Sandbox;

/// <summary>
/// A FAKE of EC2 for Local mode: no local EC2 stand-in exists, so this implements <see cref="IEc2Api"/> and
/// enforces AWS's rules with AWS's error codes (InvalidVpc.Range, InvalidSubnet.Range, InvalidSubnet.Conflict,
/// VpcLimitExceeded at 5 per region, DependencyViolation, *.NotFound, Resource.AlreadyAssociated, ...), ids shaped
/// like AWS's, tags and Describe filters. Beyond the VPC itself: NAT gateways go pending -> available after
/// <see cref="SandboxOptions.NatAvailableAfter"/> and deleting -> deleted after <see cref="SandboxOptions.NatDeletedAfter"/>
/// (on the TimeProvider's clock), or end failed (Gateway.NotAttached without an attached internet gateway); Elastic IPs
/// are limited to 5 per region (AddressLimitExceeded) and cannot be released while a NAT gateway holds one
/// (InvalidIPAddress.InUse); a NAT gateway holds its subnet, an endpoint its route tables, and either holds the VPC
/// (DependencyViolation); the internet gateway cannot be detached while a NAT gateway's address is mapped; a route to a
/// NAT gateway that is not available is InvalidNatGatewayID.NotFound; a subnet's IPv6 block must be a /64 inside the
/// VPC's /56 (InvalidSubnet.Range) and unique (InvalidSubnet.Conflict); one egress-only internet gateway per VPC;
/// ClientToken makes CreateNatGateway, CreateEgressOnlyInternetGateway and CreateVpcEndpoint idempotent. State lives in DynamoDB (<see cref="SandboxStateStore"/>). The UI labels
/// it as a sandbox. <see cref="SandboxOptions"/> adds per-call latency and fault injection for tests.
/// </summary>
public sealed class Ec2Sandbox : IEc2Api
{
    private readonly SandboxStateStore _store;
    private readonly IOptions<SandboxOptions> _options;
    private readonly IOptions<AwsOptions> _aws;
    private readonly TimeProvider _time;
    private int _mutatingCalls;

    internal Ec2Sandbox(SandboxStateStore store, IOptions<SandboxOptions> options, IOptions<AwsOptions> aws, TimeProvider time)
    {
        _store = store;
        _options = options;
        _aws = aws;
        _time = time;
    }

    /// <summary>How many mutating calls this instance has taken (the count <see cref="SandboxOptions.FailAtCall"/> refers to).</summary>
    public int MutatingCalls => Volatile.Read(ref _mutatingCalls);

    private string Region => _aws.Value.Region;

    public async Task<IReadOnlyList<AvailabilityZone>> DescribeAvailabilityZonesAsync(CancellationToken cancellationToken = default)
    {
        await LatencyAsync(cancellationToken);
        return [.. SandboxState.ZonesOf(Region).Select(zone => new AvailabilityZone(zone, null, "available", Region))];
    }

    public Task<Vpc> CreateVpcAsync(
        string cidrBlock, IReadOnlyList<Ec2Tag> tags, bool amazonProvidedIpv6CidrBlock = false, string instanceTenancy = "default",
        CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.CreateVpc(cidrBlock, tags, amazonProvidedIpv6CidrBlock, instanceTenancy), cancellationToken);

    public Task ModifyVpcAttributeAsync(string vpcId, VpcAttribute attribute, bool value, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.ModifyVpcAttribute(vpcId, attribute, value), cancellationToken);

    public Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        DescribeAsync(state => SandboxFilters.Apply(state.Vpcs, filters, v => v.Tags, new Dictionary<string, Func<SandboxVpc, IEnumerable<string?>>>
        {
            ["vpc-id"] = v => [v.Id],
            ["cidr"] = v => [v.Cidr],
            ["cidr-block-association.cidr-block"] = v => [v.Cidr],
            ["ipv6-cidr-block-association.ipv6-cidr-block"] = v => [v.Ipv6Cidr],
            ["state"] = _ => ["available"],
            ["is-default"] = _ => ["false"],
        }).Select(v => v.ToVpc()).ToList(), cancellationToken);

    public Task DeleteVpcAsync(string vpcId, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.DeleteVpc(vpcId), cancellationToken);

    public Task<Subnet> CreateSubnetAsync(
        string vpcId, string cidrBlock, string availabilityZone, IReadOnlyList<Ec2Tag> tags, string? ipv6CidrBlock = null,
        CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.CreateSubnet(vpcId, cidrBlock, availabilityZone, tags, Region, ipv6CidrBlock), cancellationToken);

    public Task ModifySubnetMapPublicIpOnLaunchAsync(string subnetId, bool value, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.ModifySubnetMapPublicIpOnLaunch(subnetId, value), cancellationToken);

    public Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        DescribeAsync(state => SandboxFilters.Apply(state.Subnets, filters, s => s.Tags, new Dictionary<string, Func<SandboxSubnet, IEnumerable<string?>>>
        {
            ["subnet-id"] = s => [s.Id],
            ["vpc-id"] = s => [s.VpcId],
            ["cidr-block"] = s => [s.Cidr],
            ["availability-zone"] = s => [s.AvailabilityZone],
            ["state"] = _ => ["available"],
        }).Select(s => s.ToSubnet()).ToList(), cancellationToken);

    public Task DeleteSubnetAsync(string subnetId, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.DeleteSubnet(subnetId), cancellationToken);

    public Task<InternetGateway> CreateInternetGatewayAsync(IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.CreateInternetGateway(tags), cancellationToken);

    public Task AttachInternetGatewayAsync(string internetGatewayId, string vpcId, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.AttachInternetGateway(internetGatewayId, vpcId), cancellationToken);

    public Task DetachInternetGatewayAsync(string internetGatewayId, string vpcId, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.DetachInternetGateway(internetGatewayId, vpcId), cancellationToken);

    public Task<IReadOnlyList<InternetGateway>> DescribeInternetGatewaysAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        DescribeAsync(state => SandboxFilters.Apply(state.InternetGateways, filters, g => g.Tags, new Dictionary<string, Func<SandboxGateway, IEnumerable<string?>>>
        {
            ["internet-gateway-id"] = g => [g.Id],
            ["attachment.vpc-id"] = g => [g.AttachedVpcId],
        }).Select(g => g.ToInternetGateway()).ToList(), cancellationToken);

    public Task DeleteInternetGatewayAsync(string internetGatewayId, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.DeleteInternetGateway(internetGatewayId), cancellationToken);

    public Task<RouteTable> CreateRouteTableAsync(string vpcId, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.CreateRouteTable(vpcId, tags), cancellationToken);

    public Task CreateRouteAsync(string routeTableId, string destination, RouteTarget target, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.CreateRoute(routeTableId, destination, target), cancellationToken);

    public Task DeleteRouteAsync(string routeTableId, string destinationCidrBlock, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.DeleteRoute(routeTableId, destinationCidrBlock), cancellationToken);

    public Task<string> AssociateRouteTableAsync(string routeTableId, string subnetId, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.AssociateRouteTable(routeTableId, subnetId), cancellationToken);

    public Task DisassociateRouteTableAsync(string associationId, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.DisassociateRouteTable(associationId), cancellationToken);

    public Task<IReadOnlyList<RouteTable>> DescribeRouteTablesAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        DescribeAsync(state => SandboxFilters.Apply(state.RouteTables, filters, t => t.Tags, new Dictionary<string, Func<SandboxRouteTable, IEnumerable<string?>>>
        {
            ["route-table-id"] = t => [t.Id],
            ["vpc-id"] = t => [t.VpcId],
            ["association.subnet-id"] = t => t.Associations.Select(a => a.SubnetId),
            ["association.route-table-association-id"] = t => t.Associations.Select(a => (string?)a.RouteTableAssociationId),
            ["association.main"] = t => [t.IsMain ? "true" : "false"],
        }).Select(t => t.ToRouteTable()).ToList(), cancellationToken);

    public Task DeleteRouteTableAsync(string routeTableId, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.DeleteRouteTable(routeTableId), cancellationToken);

    public Task<ElasticIp> AllocateAddressAsync(IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.AllocateAddress(tags), cancellationToken);

    public Task<IReadOnlyList<ElasticIp>> DescribeAddressesAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        DescribeAsync(state => SandboxFilters.Apply(state.Addresses, filters, a => a.Tags, new Dictionary<string, Func<SandboxAddress, IEnumerable<string?>>>
        {
            ["allocation-id"] = a => [a.AllocationId],
            ["public-ip"] = a => [a.PublicIp],
            ["domain"] = _ => ["vpc"],
        }).Select(state.ToElasticIp).ToList(), cancellationToken);

    public Task ReleaseAddressAsync(string allocationId, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.ReleaseAddress(allocationId), cancellationToken);

    public Task<NatGateway> CreateNatGatewayAsync(
        string subnetId, string allocationId, string clientToken, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.CreateNatGateway(subnetId, allocationId, clientToken, tags), cancellationToken);

    public Task<IReadOnlyList<NatGateway>> DescribeNatGatewaysAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        DescribeAsync(state => SandboxFilters.Apply(state.NatGateways, filters, n => n.Tags, new Dictionary<string, Func<SandboxNatGateway, IEnumerable<string?>>>
        {
            ["nat-gateway-id"] = n => [n.Id],
            ["subnet-id"] = n => [n.SubnetId],
            ["vpc-id"] = n => [n.VpcId],
            ["state"] = n => [state.NatStateOf(n)],
        }).Select(state.ToNatGateway).ToList(), cancellationToken);

    public Task DeleteNatGatewayAsync(string natGatewayId, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.DeleteNatGateway(natGatewayId), cancellationToken);

    public Task<EgressOnlyInternetGateway> CreateEgressOnlyInternetGatewayAsync(
        string vpcId, string clientToken, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.CreateEgressOnlyGateway(vpcId, clientToken, tags), cancellationToken);

    public Task<IReadOnlyList<EgressOnlyInternetGateway>> DescribeEgressOnlyInternetGatewaysAsync(
        IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        DescribeAsync(state => SandboxFilters.Apply(state.EgressOnlyGateways, filters, g => g.Tags,
            new Dictionary<string, Func<SandboxEgressOnlyGateway, IEnumerable<string?>>>
            {
                ["egress-only-internet-gateway-id"] = g => [g.Id],
            }).Select(g => g.ToGateway()).ToList(), cancellationToken);

    public Task DeleteEgressOnlyInternetGatewayAsync(string egressOnlyInternetGatewayId, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.DeleteEgressOnlyGateway(egressOnlyInternetGatewayId), cancellationToken);

    public Task<VpcEndpoint> CreateGatewayVpcEndpointAsync(
        string vpcId, string serviceName, IReadOnlyList<string> routeTableIds, string clientToken, IReadOnlyList<Ec2Tag> tags,
        CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.CreateGatewayEndpoint(vpcId, serviceName, routeTableIds, clientToken, tags, Region), cancellationToken);

    public Task<IReadOnlyList<VpcEndpoint>> DescribeVpcEndpointsAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        DescribeAsync(state => SandboxFilters.Apply(state.VpcEndpoints, filters, e => e.Tags, new Dictionary<string, Func<SandboxVpcEndpoint, IEnumerable<string?>>>
        {
            ["vpc-endpoint-id"] = e => [e.Id],
            ["vpc-id"] = e => [e.VpcId],
            ["service-name"] = e => [e.ServiceName],
            ["vpc-endpoint-state"] = _ => ["available"],
        }).Select(e => e.ToEndpoint()).ToList(), cancellationToken);

    public Task DeleteVpcEndpointsAsync(IReadOnlyList<string> vpcEndpointIds, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.DeleteVpcEndpoints(vpcEndpointIds), cancellationToken);

    private async Task<IReadOnlyList<T>> DescribeAsync<T>(Func<SandboxState, IReadOnlyList<T>> query, CancellationToken cancellationToken)
    {
        await LatencyAsync(cancellationToken);
        return query(Clocked(await _store.ReadAsync(cancellationToken)));
    }

    /// <summary>Gives the state this call's time and the NAT gateway delays, which its states are worked out from.</summary>
    private SandboxState Clocked(SandboxState state)
    {
        state.Now = _time.GetUtcNow();
        state.NatAvailableAfter = _options.Value.NatAvailableAfter;
        state.NatDeletedAfter = _options.Value.NatDeletedAfter;
        state.NatFailureCode = _options.Value.NatFailureCode;
        return state;
    }

    private Task MutateAsync(Action<SandboxState> change, CancellationToken cancellationToken) =>
        MutateAsync(state =>
        {
            change(state);
            return true;
        }, cancellationToken);

    private async Task<T> MutateAsync<T>(Func<SandboxState, T> change, CancellationToken cancellationToken)
    {
        await LatencyAsync(cancellationToken);
        var call = Interlocked.Increment(ref _mutatingCalls);
        var options = _options.Value;
        var faulted = options.FailAtCall == call;
        if (faulted && options.FailWith == SandboxFault.AwsError)
        {
            throw Ec2Errors.Error(options.FailErrorCode,
                $"Injected fault at mutating call {call} ({SandboxOptions.Section}:FailAtCall).",
                options.FailErrorCode is "InternalError" or "Unavailable" ? System.Net.HttpStatusCode.InternalServerError : System.Net.HttpStatusCode.BadRequest);
        }

        var result = await _store.UpdateAsync(state =>
        {
            Clocked(state).ForgetOldNatGateways();
            return change(state);
        }, cancellationToken);
        if (faulted)
            throw new SimulatedCrashException($"Simulated crash after mutating call {call} took effect ({SandboxOptions.Section}:FailAtCall).");
        return result;
    }

    private Task LatencyAsync(CancellationToken cancellationToken)
    {
        var latency = _options.Value.CallLatency;
        return latency > TimeSpan.Zero ? Task.Delay(latency, _time, cancellationToken) : Task.CompletedTask;
    }
}
