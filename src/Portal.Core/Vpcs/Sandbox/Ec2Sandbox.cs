using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Vpcs.Sandbox;

/// <summary>
/// A FAKE of EC2 for Local mode: no local EC2 stand-in exists, so this implements <see cref="IEc2Api"/> and
/// enforces AWS's rules with AWS's error codes (InvalidVpc.Range, InvalidSubnet.Range, InvalidSubnet.Conflict,
/// VpcLimitExceeded at 5 per region, DependencyViolation, *.NotFound, Resource.AlreadyAssociated, ...), ids shaped
/// like AWS's, tags and Describe filters. State lives in DynamoDB (<see cref="SandboxStateStore"/>). The UI labels
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

    public Task<Vpc> CreateVpcAsync(string cidrBlock, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.CreateVpc(cidrBlock, tags), cancellationToken);

    public Task ModifyVpcAttributeAsync(string vpcId, VpcAttribute attribute, bool value, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.ModifyVpcAttribute(vpcId, attribute, value), cancellationToken);

    public Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        DescribeAsync(state => SandboxFilters.Apply(state.Vpcs, filters, v => v.Tags, new Dictionary<string, Func<SandboxVpc, IEnumerable<string?>>>
        {
            ["vpc-id"] = v => [v.Id],
            ["cidr"] = v => [v.Cidr],
            ["cidr-block-association.cidr-block"] = v => [v.Cidr],
            ["state"] = _ => ["available"],
            ["is-default"] = _ => ["false"],
        }).Select(v => v.ToVpc()).ToList(), cancellationToken);

    public Task DeleteVpcAsync(string vpcId, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.DeleteVpc(vpcId), cancellationToken);

    public Task<Subnet> CreateSubnetAsync(
        string vpcId, string cidrBlock, string availabilityZone, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.CreateSubnet(vpcId, cidrBlock, availabilityZone, tags, Region), cancellationToken);

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

    public Task CreateRouteAsync(string routeTableId, string destinationCidrBlock, string gatewayId, CancellationToken cancellationToken = default) =>
        MutateAsync(state => state.CreateRoute(routeTableId, destinationCidrBlock, gatewayId), cancellationToken);

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

    private async Task<IReadOnlyList<T>> DescribeAsync<T>(Func<SandboxState, IReadOnlyList<T>> query, CancellationToken cancellationToken)
    {
        await LatencyAsync(cancellationToken);
        return query(await _store.ReadAsync(cancellationToken));
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

        var result = await _store.UpdateAsync(change, cancellationToken);
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
