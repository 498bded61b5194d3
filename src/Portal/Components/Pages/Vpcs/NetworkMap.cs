using System.Globalization;
using Portal.Core.Networking;
using Portal.Core.Records;
using Portal.Core.Vpcs;

namespace Portal.Components.Pages.Vpcs;

/// <summary>The resource map's four columns, left to right, as the console draws them.</summary>
public enum MapColumn
{
    Vpc,
    Subnets,
    RouteTables,
    Connections,
}

/// <summary>One box of the resource map.</summary>
/// <param name="Key">Stable within a map: <c>subnet:public-a</c>, <c>rtb:public</c>, <c>rtb:us-east-1a</c>, <c>nat:us-east-1a</c>, <c>igw</c>, <c>eigw</c>, <c>s3</c>.</param>
/// <param name="Kind">What it is, as the console names it ("Route table", "NAT gateway").</param>
/// <param name="Lines">The text under the title: ids, blocks, routes.</param>
/// <param name="Zone">The availability zone a subnet sits in (subnets are grouped by it).</param>
/// <param name="Cidr">A subnet's IPv4 block.</param>
public sealed record MapNode(string Key, MapColumn Column, string Kind, string Title, IReadOnlyList<string> Lines, ResourceState State,
    string? Zone = null, SubnetKind? SubnetKind = null, string? Cidr = null);

/// <summary>A line of the map: a subnet to its route table, or a route table to where its routes go.</summary>
public sealed record MapEdge(string From, string To);

/// <summary>
/// The detail page's resource map of a record: the VPC; its subnets by zone (those <see cref="ResourceMap"/> shows, so a
/// failed VPC does not claim subnets it never made); the public, per-zone private and (for subnets with no table of
/// their own) main route tables; and the internet gateway, NAT gateways with their Elastic IPs, egress-only gateway and
/// S3 endpoint, joined as the routes join them.
/// </summary>
public sealed record NetworkMap(IReadOnlyList<MapNode> Nodes, IReadOnlyList<MapEdge> Edges)
{
    public const string PublicRouteTableKey = "rtb:public";
    public const string MainRouteTableKey = "rtb:main";
    public const string InternetGatewayKey = "igw";
    public const string EgressOnlyGatewayKey = "eigw";
    public const string S3EndpointKey = "s3";

    public static string SubnetKey(string name) => "subnet:" + name;

    public static string PrivateRouteTableKey(string zone) => "rtb:" + zone;

    public static string NatGatewayKey(string zone) => "nat:" + zone;

    public IEnumerable<MapNode> In(MapColumn column) => Nodes.Where(node => node.Column == column);

    public static NetworkMap Of(VpcRecord record, ResourceMap map)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(map);
        var states = new States(record);
        var nodes = new List<MapNode>();
        var edges = new List<MapEdge>();

        if (map.Vpc is { } vpc)
        {
            nodes.Add(new MapNode("vpc", MapColumn.Vpc, "VPC", record.Name, Lines(
                vpc.Id, record.Cidr,
                record.Ipv6 ? record.Ipv6CidrBlock ?? "IPv6 /56 (not assigned yet)" : null,
                record.Tenancy == VpcTenancy.Dedicated ? "Dedicated tenancy" : "Default tenancy",
                StateText(vpc.State)), vpc.State));
        }

        // The zones' private route tables and NAT gateways first: subnets and routes point at them.
        var privateTables = record.PrivateRouteTables
            .Select(table => (table, state: states.Of(table.RouteTableId)))
            .Where(t => t.state is not null)
            .ToDictionary(t => t.table.AvailabilityZone, t => (t.table, State: t.state!.Value), StringComparer.Ordinal);
        var nats = record.NatGateways
            .Select(nat => (nat, state: states.Of(nat.NatGatewayId)))
            .Where(n => n.state is not null)
            .Select(n => (n.nat, State: n.state!.Value))
            .ToList();
        var eigwState = record.Ipv6 && record.Subnets.Any(s => s.Kind == SubnetKind.Private) ? states.Of(record.EgressOnlyInternetGatewayId) : null;
        var s3State = record.S3GatewayEndpoint ? states.Of(record.S3EndpointId) : null;
        var publicTable = map.RouteTable;
        var gateway = map.InternetGateway;

        var usesMain = false;
        foreach (var subnet in map.Subnets)
        {
            var ipv6 = record.Subnets.FirstOrDefault(s => s.Name == subnet.Name) is { } recorded && record.Ipv6
                ? recorded.Ipv6CidrBlock ?? (recorded.Ipv6Index is { } index ? string.Create(CultureInfo.InvariantCulture, $"IPv6 /64 #{index}") : null)
                : null;
            nodes.Add(new MapNode(SubnetKey(subnet.Name), MapColumn.Subnets, "Subnet", subnet.Name,
                Lines(subnet.Cidr, ipv6, subnet.Id, StateText(subnet.State)), subnet.State, subnet.AvailabilityZone, subnet.Kind, subnet.Cidr));
            var table = subnet.Kind == SubnetKind.Public
                ? publicTable is null ? null : PublicRouteTableKey
                : privateTables.ContainsKey(subnet.AvailabilityZone) ? PrivateRouteTableKey(subnet.AvailabilityZone) : null;
            if (table is null)
            {
                // No table of its own: EC2 routes the subnet by the VPC's main route table (local routes only).
                usesMain = true;
                table = MainRouteTableKey;
            }

            edges.Add(new MapEdge(SubnetKey(subnet.Name), table));
        }

        var hasPrivateTables = privateTables.Count > 0;
        if (publicTable is not null)
        {
            var routes = new List<string?>
            {
                publicTable.Id,
                gateway is null ? null : "0.0.0.0/0 → internet gateway",
                gateway is not null && record.Ipv6 ? "::/0 → internet gateway" : null,
                s3State is not null && !hasPrivateTables ? "S3 → gateway endpoint" : null,
                StateText(publicTable.State),
            };
            nodes.Add(new MapNode(PublicRouteTableKey, MapColumn.RouteTables, "Route table", "Public route table", Lines([.. routes]), publicTable.State));
            if (gateway is not null)
                edges.Add(new MapEdge(PublicRouteTableKey, InternetGatewayKey));
            if (s3State is not null && !hasPrivateTables)
                edges.Add(new MapEdge(PublicRouteTableKey, S3EndpointKey));
        }

        foreach (var (zone, (table, state)) in privateTables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var nat = NatFor(record, table, nats.Select(n => n.nat).ToList());
            nodes.Add(new MapNode(PrivateRouteTableKey(zone), MapColumn.RouteTables, "Route table", "Private route table", Lines(
                zone,
                table.RouteTableId,
                nat is null ? "no 0.0.0.0/0 route (no NAT)" : $"0.0.0.0/0 → NAT {nat.AvailabilityZone}",
                eigwState is not null ? "::/0 → egress-only gateway" : null,
                s3State is not null ? "S3 → gateway endpoint" : null,
                StateText(state)), state, zone));
            if (nat is not null)
                edges.Add(new MapEdge(PrivateRouteTableKey(zone), NatGatewayKey(nat.AvailabilityZone)));
            if (eigwState is not null)
                edges.Add(new MapEdge(PrivateRouteTableKey(zone), EgressOnlyGatewayKey));
            if (s3State is not null)
                edges.Add(new MapEdge(PrivateRouteTableKey(zone), S3EndpointKey));
        }

        if (usesMain && map.Vpc?.State is ResourceState.Exists or ResourceState.Planned or ResourceState.Left)
            nodes.Add(new MapNode(MainRouteTableKey, MapColumn.RouteTables, "Route table", "Main route table", ["local routes only"], map.Vpc.State));
        else
            edges.RemoveAll(edge => edge.To == MainRouteTableKey);

        if (gateway is not null)
        {
            nodes.Add(new MapNode(InternetGatewayKey, MapColumn.Connections, "Internet gateway", "Internet gateway",
                Lines(gateway.Id, StateText(gateway.State)), gateway.State));
        }

        foreach (var (nat, state) in nats)
        {
            nodes.Add(new MapNode(NatGatewayKey(nat.AvailabilityZone), MapColumn.Connections, "NAT gateway", "NAT gateway", Lines(
                $"{nat.AvailabilityZone}, in {nat.SubnetName}",
                nat.NatGatewayId,
                nat.PublicIp is null ? nat.AllocationId is null ? "Elastic IP not allocated yet" : $"Elastic IP {nat.AllocationId}" : $"Elastic IP {nat.PublicIp}",
                state == ResourceState.Exists ? nat.State : null,
                StateText(state)), state, nat.AvailabilityZone));
        }

        if (eigwState is { } eigw)
        {
            nodes.Add(new MapNode(EgressOnlyGatewayKey, MapColumn.Connections, "Egress-only internet gateway", "Egress-only internet gateway",
                Lines(record.EgressOnlyInternetGatewayId, StateText(eigw)), eigw));
        }

        if (s3State is { } s3)
        {
            nodes.Add(new MapNode(S3EndpointKey, MapColumn.Connections, "VPC endpoint", "S3 gateway endpoint",
                Lines(record.S3EndpointId, StateText(s3)), s3));
        }

        return new NetworkMap(nodes, edges);
    }

    /// <summary>The NAT gateway a zone's private route table sends 0.0.0.0/0 to: by id once both are made, else by the
    /// mode's rule (its own zone's, or the single one).</summary>
    private static VpcRecordNatGateway? NatFor(VpcRecord record, VpcRecordRouteTable table, IReadOnlyList<VpcRecordNatGateway> nats)
    {
        if (table.NatGatewayId is { } id && nats.FirstOrDefault(n => n.NatGatewayId == id) is { } byId)
            return byId;
        return record.NatGatewayMode switch
        {
            NatGatewayMode.PerZone => nats.FirstOrDefault(n => n.AvailabilityZone == table.AvailabilityZone),
            NatGatewayMode.Single => nats.FirstOrDefault(),
            _ => null,
        };
    }

    private static IReadOnlyList<string> Lines(params string?[] lines) => [.. lines.OfType<string>().Where(line => line.Length > 0)];

    private static string? StateText(ResourceState state) => state switch
    {
        ResourceState.Planned => "not made yet",
        ResourceState.Removed => "removed",
        ResourceState.Left => "left behind",
        _ => null,
    };

    /// <summary>
    /// The state of the resources <see cref="ResourceMap"/> does not cover, by its rules: made and there, made and
    /// removed by a finished teardown or rollback, named as left by the cleanup's outcome, or planned while the request
    /// runs; null when a finished request never made it (the map leaves it out).
    /// </summary>
    private sealed class States(VpcRecord record)
    {
        private readonly bool _running = !record.IsFinished || record.Status == VpcStatus.Deleting;

        public ResourceState? Of(string? id)
        {
            if (id is null)
                return _running ? ResourceState.Planned : null;
            if (record.Status == VpcStatus.Deleted)
                return ResourceState.Removed;
            if (record.Status is not (VpcStatus.DeleteFailed or VpcStatus.Failed) || record.RollbackOutcome is not { } outcome)
                return ResourceState.Exists;
            return outcome.Contains(id, StringComparison.Ordinal) ? ResourceState.Left : ResourceState.Removed;
        }
    }
}
