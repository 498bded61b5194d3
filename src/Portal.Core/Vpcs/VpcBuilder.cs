using System.Net;
using Amazon.EC2;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using Portal.Core.Networking;
using Portal.Core.Vpcs.Graph;

namespace Portal.Core.Vpcs;

/// <summary>
/// Creates a request's resources as a graph of EC2 calls (<see cref="CallGraph"/>): each step starts as soon as what it
/// needs exists. Level by level: the lookups of what an earlier attempt made (by tag); the VPC, the internet gateway and
/// an Elastic IP per NAT gateway; subnets (IPv6 /64s once the VPC's /56 is known), the attachment, the route tables,
/// the DNS attributes and the egress-only internet gateway; NAT gateways (in their public subnets, after the
/// attachment), routes, associations, subnet attributes and the S3 endpoint; then, as each NAT gateway becomes
/// available, its zone's private 0.0.0.0/0 route. Every create is find-or-create (<see cref="FindOrCreateAsync"/>) by
/// tag, ClientToken or state, so running again, or a create whose answer was lost, never makes a second resource.
/// </summary>
internal sealed class VpcBuilder(IEc2Api ec2, IOptions<VpcOptions> options, TimeProvider time)
{
    public const string DefaultRoute = "0.0.0.0/0";
    public const string DefaultIpv6Route = "::/0";

    /// <summary>The graph of the last build, for the benchmark's critical path.</summary>
    internal CallGraph? LastGraph { get; private set; }

    public async Task BuildAsync(VpcProgress progress, CancellationToken cancellationToken)
    {
        var record = progress.Current;
        var ct = cancellationToken;
        var graph = new CallGraph(options.Value.MaxConcurrentCalls, ct);
        LastGraph = graph;
        IReadOnlyList<Ec2Filter> byRequest = [VpcTags.ByRequest(record.RequestId)];
        var hasPrivateTables = record.PrivateRouteTables.Count > 0;
        var publicRows = record.Subnets.Where(s => s.Kind == SubnetKind.Public).ToList();
        var hasPublicTable = record.CreateInternetGateway && publicRows.Count > 0;
        var egressOnly = record.Ipv6 && hasPrivateTables;

        GraphNode<T> Step<T>(string name, IEnumerable<GraphNode?> after, Func<GraphNode, Task<T>> body, bool isWait = false) =>
            graph.Add(name, after, node => progress.RunAsync(name, () => body(node), ct), isWait);
        GraphNode<IReadOnlyList<T>> Lookup<T>(string name, bool needed, Func<IReadOnlyList<Ec2Filter>, CancellationToken, Task<IReadOnlyList<T>>> describe) =>
            Step(name, [], node => needed ? node.CallAsync(() => describe(byRequest, ct)) : Task.FromResult<IReadOnlyList<T>>([]));

        // Level 0: what an earlier attempt made, all at once.
        var foundVpcs = Lookup("DescribeVpcs", true, ec2.DescribeVpcsAsync);
        var foundSubnets = Lookup("DescribeSubnets", record.Subnets.Count > 0, ec2.DescribeSubnetsAsync);
        var foundGateways = Lookup("DescribeInternetGateways", record.CreateInternetGateway, ec2.DescribeInternetGatewaysAsync);
        var foundTables = Lookup("DescribeRouteTables", hasPublicTable || hasPrivateTables, ec2.DescribeRouteTablesAsync);
        var foundAddresses = Lookup("DescribeAddresses", record.NatGateways.Count > 0, ec2.DescribeAddressesAsync);
        var foundNats = Lookup("DescribeNatGateways", record.NatGateways.Count > 0, ec2.DescribeNatGatewaysAsync);
        var foundEgress = Lookup("DescribeEgressOnlyInternetGateways", egressOnly, ec2.DescribeEgressOnlyInternetGatewaysAsync);
        var foundEndpoints = Lookup("DescribeVpcEndpoints", record.S3GatewayEndpoint, ec2.DescribeVpcEndpointsAsync);

        // Level 1.
        var vpc = Step("CreateVpc", [foundVpcs], async node =>
        {
            var tags = VpcTags.For(record, VpcTags.VpcResource, record.Name);
            var (made, outcome) = await FindOrCreateAsync(
                Tagged(foundVpcs.Result, v => v.Tags, VpcTags.VpcResource),
                () => node.CallAsync(() => FirstTaggedAsync(ec2.DescribeVpcsAsync, record.RequestId, VpcTags.VpcResource, ct)),
                () => node.CallAsync(() => ec2.CreateVpcAsync(record.Cidr, tags, record.Ipv6, Tenancy(record.Tenancy), ct)),
                ct);
            if (record.Ipv6 && made.Ipv6CidrBlock is null)
                made = await WaitForIpv6BlockAsync(node, made.VpcId, ct);
            await progress.StepAsync("CreateVpc", outcome, made.Ipv6CidrBlock is null ? made.VpcId : $"{made.VpcId} {made.Ipv6CidrBlock}",
                r => r with { VpcId = made.VpcId, Ipv6CidrBlock = made.Ipv6CidrBlock }, ct);
            return made;
        });

        var gateway = !record.CreateInternetGateway ? null : Step("CreateInternetGateway", [foundGateways], async node =>
        {
            var (made, outcome) = await FindOrCreateAsync(
                Tagged(foundGateways.Result, g => g.Tags, VpcTags.InternetGatewayResource),
                () => node.CallAsync(() => FirstTaggedAsync(ec2.DescribeInternetGatewaysAsync, record.RequestId, VpcTags.InternetGatewayResource, ct)),
                () => node.CallAsync(() => ec2.CreateInternetGatewayAsync(VpcTags.For(record, VpcTags.InternetGatewayResource, $"{record.Name}-igw"), ct)),
                ct);
            await progress.StepAsync("CreateInternetGateway", outcome, made.InternetGatewayId, r => r with { InternetGatewayId = made.InternetGatewayId }, ct);
            return made;
        });

        var addresses = record.NatGateways.ToDictionary(n => n.AvailabilityZone, n => Step($"AllocateAddress {n.AvailabilityZone}", [foundAddresses], async node =>
        {
            var resource = VpcTags.ElasticIpResource(n.AvailabilityZone);
            var (made, outcome) = await FindOrCreateAsync(
                Tagged(foundAddresses.Result, a => a.Tags, resource),
                () => node.CallAsync(() => FirstTaggedAsync(ec2.DescribeAddressesAsync, record.RequestId, resource, ct)),
                () => node.CallAsync(() => ec2.AllocateAddressAsync(VpcTags.For(record, resource, $"{record.Name}-nat-{n.AvailabilityZone}"), ct)),
                ct);
            await progress.StepAsync($"AllocateAddress {n.AvailabilityZone}", outcome, $"{made.AllocationId} {made.PublicIp}",
                r => r with { NatGateways = Replace(r.NatGateways, x => x.AvailabilityZone == n.AvailabilityZone, x => x with { AllocationId = made.AllocationId, PublicIp = made.PublicIp }) },
                ct);
            return made;
        }), StringComparer.Ordinal);

        // Level 2.
        foreach (var attribute in new[] { (VpcAttribute.EnableDnsSupport, record.EnableDnsSupport), (VpcAttribute.EnableDnsHostnames, record.EnableDnsHostnames) })
        {
            Step($"ModifyVpcAttribute {attribute.Item1}", [vpc], async node =>
            {
                await node.CallAsync(() => ec2.ModifyVpcAttributeAsync(vpc.Result.VpcId, attribute.Item1, attribute.Item2, ct));
                await progress.StepAsync($"ModifyVpcAttribute {attribute.Item1}", StepOutcomes.Ok, attribute.Item2 ? "on" : "off", null, ct);
                return true;
            });
        }

        var subnets = new Dictionary<string, GraphNode<Subnet>>(StringComparer.Ordinal);
        for (var index = 0; index < record.Subnets.Count; index++)
        {
            var row = record.Subnets[index];
            // The planner gives each subnet its /64 number; a record from before it falls back to the row's position.
            var ipv6Index = row.Ipv6Index ?? index;
            subnets[row.Name] = Step($"CreateSubnet {row.Name}", [vpc, foundSubnets], async node =>
            {
                var resource = VpcTags.SubnetResource(row.Name);
                var ipv6 = vpc.Result.Ipv6CidrBlock is { } block && record.Ipv6 ? VpcLayout.Ipv6Subnet(block, ipv6Index) : null;
                var (made, outcome) = await FindOrCreateAsync(
                    Tagged(foundSubnets.Result, s => s.Tags, resource),
                    () => node.CallAsync(() => FirstTaggedAsync(ec2.DescribeSubnetsAsync, record.RequestId, resource, ct)),
                    () => node.CallAsync(() => ec2.CreateSubnetAsync(vpc.Result.VpcId, row.Cidr, row.AvailabilityZone,
                        VpcTags.For(record, resource, $"{record.Name}-{row.Name}"), ipv6, ct)),
                    ct);
                await progress.StepAsync($"CreateSubnet {row.Name}", outcome, $"{made.SubnetId} {row.Cidr} {row.AvailabilityZone}{(ipv6 is null ? "" : " " + ipv6)}",
                    r => r with
                    {
                        Subnets = Replace(r.Subnets, s => s.Name == row.Name,
                            s => s with { SubnetId = made.SubnetId, Ipv6CidrBlock = made.Ipv6CidrBlock, Ipv6Index = made.Ipv6CidrBlock is null ? s.Ipv6Index : ipv6Index }),
                    },
                    ct);
                return made;
            });
        }

        var attach = gateway is null ? null : Step("AttachInternetGateway", [gateway, vpc], async node =>
        {
            var (gatewayId, vpcId) = (gateway.Result.InternetGatewayId, vpc.Result.VpcId);
            // Found by state: the gateway lists the VPC among its attachments.
            var (_, outcome) = await FindOrCreateAsync(
                gateway.Result.Attachments.Any(a => a.VpcId == vpcId) ? gatewayId : null,
                async () => (await node.CallAsync(() => ec2.DescribeInternetGatewaysAsync(
                    [Ec2Filter.Of("internet-gateway-id", gatewayId), Ec2Filter.Of("attachment.vpc-id", vpcId)], ct))).FirstOrDefault()?.InternetGatewayId,
                async () =>
                {
                    await node.CallAsync(() => ec2.AttachInternetGatewayAsync(gatewayId, vpcId, ct));
                    return gatewayId;
                },
                ct);
            await progress.StepAsync("AttachInternetGateway", outcome, $"{gatewayId} to {vpcId}", null, ct);
            return true;
        });

        GraphNode<RouteTable> RouteTableStep(string name, string resource, string tableName, Func<VpcRecord, string, VpcRecord> recordIt) =>
            Step(name, [vpc, foundTables], async node =>
            {
                var (made, outcome) = await FindOrCreateAsync(
                    Tagged(foundTables.Result, t => t.Tags, resource),
                    () => node.CallAsync(() => FirstTaggedAsync(ec2.DescribeRouteTablesAsync, record.RequestId, resource, ct)),
                    () => node.CallAsync(() => ec2.CreateRouteTableAsync(vpc.Result.VpcId, VpcTags.For(record, resource, tableName), ct)),
                    ct);
                await progress.StepAsync(name, outcome, made.RouteTableId, r => recordIt(r, made.RouteTableId), ct);
                return made;
            });

        var publicTable = !hasPublicTable ? null
            : RouteTableStep("CreateRouteTable", VpcTags.PublicRouteTableResource, $"{record.Name}-public", (r, id) => r with { RouteTableId = id });
        var privateTables = record.PrivateRouteTables.ToDictionary(t => t.AvailabilityZone, t => RouteTableStep(
            $"CreateRouteTable private {t.AvailabilityZone}", VpcTags.PrivateRouteTableResource(t.AvailabilityZone), $"{record.Name}-private-{t.AvailabilityZone}",
            (r, id) => r with { PrivateRouteTables = Replace(r.PrivateRouteTables, x => x.AvailabilityZone == t.AvailabilityZone, x => x with { RouteTableId = id }) }),
            StringComparer.Ordinal);

        var egress = !egressOnly ? null : Step("CreateEgressOnlyInternetGateway", [vpc, foundEgress], async node =>
        {
            var resource = VpcTags.EgressOnlyInternetGatewayResource;
            var (made, outcome) = await FindOrCreateAsync(
                Tagged(foundEgress.Result, g => g.Tags, resource),
                () => node.CallAsync(() => FirstTaggedAsync(ec2.DescribeEgressOnlyInternetGatewaysAsync, record.RequestId, resource, ct)),
                () => node.CallAsync(() => ec2.CreateEgressOnlyInternetGatewayAsync(vpc.Result.VpcId, VpcTags.ClientToken(record.RequestId, resource),
                    VpcTags.For(record, resource, $"{record.Name}-eigw"), ct)),
                ct);
            await progress.StepAsync("CreateEgressOnlyInternetGateway", outcome, made.EgressOnlyInternetGatewayId,
                r => r with { EgressOnlyInternetGatewayId = made.EgressOnlyInternetGatewayId }, ct);
            return made;
        });

        // Level 3.
        foreach (var row in publicRows)
        {
            Step($"ModifySubnetAttribute {row.Name}", [subnets[row.Name]], async node =>
            {
                var subnet = subnets[row.Name].Result;
                if (!subnet.MapPublicIpOnLaunch)
                    await node.CallAsync(() => ec2.ModifySubnetMapPublicIpOnLaunchAsync(subnet.SubnetId, true, ct));
                await progress.StepAsync($"ModifySubnetAttribute {row.Name}", subnet.MapPublicIpOnLaunch ? StepOutcomes.Reused : StepOutcomes.Ok,
                    $"{subnet.SubnetId} MapPublicIpOnLaunch on", null, ct);
                return true;
            });
        }

        if (publicTable is not null)
        {
            Route(publicTable, DefaultRoute, "CreateRoute", [attach], () => RouteTarget.Gateway(gateway!.Result.InternetGatewayId));
            if (record.Ipv6)
                Route(publicTable, DefaultIpv6Route, "CreateRoute ::/0", [attach], () => RouteTarget.Gateway(gateway!.Result.InternetGatewayId));
            foreach (var row in publicRows)
            {
                Associate(publicTable, row, (r, associationId) => r with { RouteTableAssociationIds = [.. r.RouteTableAssociationIds.Where(id => id != associationId), associationId] });
            }
        }

        foreach (var (zone, table) in privateTables)
        {
            foreach (var row in record.Subnets.Where(s => s.Kind == SubnetKind.Private && s.AvailabilityZone == zone))
            {
                Associate(table, row, (r, associationId) => r with
                {
                    PrivateRouteTables = Replace(r.PrivateRouteTables, x => x.AvailabilityZone == zone,
                        x => x with { AssociationIds = [.. (x.AssociationIds ?? []).Where(id => id != associationId), associationId] }),
                });
            }

            if (egress is not null)
                Route(table, DefaultIpv6Route, $"CreateRoute ::/0 private {zone}", [egress], () => RouteTarget.EgressOnly(egress.Result.EgressOnlyInternetGatewayId));
        }

        var natReady = new Dictionary<string, GraphNode<NatGateway>>(StringComparer.Ordinal);
        foreach (var nat in record.NatGateways)
        {
            var zone = nat.AvailabilityZone;
            var created = Step($"CreateNatGateway {zone}", [addresses[zone], subnets[nat.SubnetName], attach, foundNats], async node =>
            {
                var resource = VpcTags.NatGatewayResource(zone);
                // A NAT gateway an earlier attempt made is reused unless it failed or is going.
                var earlier = foundNats.Result.FirstOrDefault(n => VpcTags.ResourceOf(n.Tags) == resource && n.State is NatGatewayStates.Pending or NatGatewayStates.Available);
                var (made, outcome) = await FindOrCreateAsync(
                    earlier,
                    async () => (await node.CallAsync(() => ec2.DescribeNatGatewaysAsync(
                        [.. VpcTags.ByResource(record.RequestId, resource), Ec2Filter.Of("state", NatGatewayStates.Pending, NatGatewayStates.Available)], ct))).FirstOrDefault(),
                    () => node.CallAsync(() => ec2.CreateNatGatewayAsync(subnets[nat.SubnetName].Result.SubnetId, addresses[zone].Result.AllocationId,
                        VpcTags.ClientToken(record.RequestId, resource), VpcTags.For(record, resource, $"{record.Name}-nat-{zone}"), ct)),
                    ct);
                await progress.StepAsync($"CreateNatGateway {zone}", outcome, $"{made.NatGatewayId} in {nat.SubnetName} ({made.State})",
                    r => r with { NatGateways = Replace(r.NatGateways, x => x.AvailabilityZone == zone, x => x with { NatGatewayId = made.NatGatewayId, State = made.State }) },
                    ct);
                return made;
            });
            natReady[zone] = Step($"WaitNatGateway {zone}", [created], node => WaitForNatAsync(node, progress, zone, created.Result, ct), isWait: true);
        }

        foreach (var (zone, table) in privateTables)
        {
            if (VpcLayout.NatFor(zone, record.NatGateways) is { } nat)
            {
                var ready = natReady[nat.AvailabilityZone];
                Route(table, DefaultRoute, $"CreateRoute private {zone}", [ready], () => RouteTarget.Nat(ready.Result.NatGatewayId),
                    r => r with { PrivateRouteTables = Replace(r.PrivateRouteTables, x => x.AvailabilityZone == zone, x => x with { NatGatewayId = ready.Result.NatGatewayId }) });
            }
        }

        if (record.S3GatewayEndpoint)
        {
            // On the private route tables; on the public one when there are none.
            List<GraphNode<RouteTable>> tables = privateTables.Count > 0 ? [.. privateTables.Values] : publicTable is null ? [] : [publicTable];
            Step("CreateVpcEndpoint s3", [vpc, foundEndpoints, .. tables], async node =>
            {
                var resource = VpcTags.S3EndpointResource;
                var (made, outcome) = await FindOrCreateAsync(
                    Tagged(foundEndpoints.Result, e => e.Tags, resource),
                    () => node.CallAsync(() => FirstTaggedAsync(ec2.DescribeVpcEndpointsAsync, record.RequestId, resource, ct)),
                    () => node.CallAsync(() => ec2.CreateGatewayVpcEndpointAsync(vpc.Result.VpcId, $"com.amazonaws.{record.Region}.s3",
                        [.. tables.Select(t => t.Result.RouteTableId)], VpcTags.ClientToken(record.RequestId, resource),
                        VpcTags.For(record, resource, $"{record.Name}-s3"), ct)),
                    ct);
                await progress.StepAsync("CreateVpcEndpoint s3", outcome, $"{made.VpcEndpointId} on {string.Join(", ", made.RouteTableIds)}",
                    r => r with { S3EndpointId = made.VpcEndpointId }, ct);
                return made;
            });
        }

        await graph.CompleteAsync();

        // A route: found by state (what the route table holds now), created otherwise.
        void Route(GraphNode<RouteTable> table, string destination, string name, IEnumerable<GraphNode?> after, Func<RouteTarget> target,
            Func<VpcRecord, VpcRecord>? recordIt = null) =>
            Step(name, [table, .. after], async node =>
            {
                var to = target();
                var tableId = table.Result.RouteTableId;
                string? Present(RouteTable? t) => t?.Routes.Any(r => r.Destination == destination && r.Targets(to)) == true ? destination : null;
                var (_, outcome) = await FindOrCreateAsync(
                    Present(table.Result),
                    async () => Present((await node.CallAsync(() => ec2.DescribeRouteTablesAsync([Ec2Filter.Of("route-table-id", tableId)], ct))).FirstOrDefault()),
                    async () =>
                    {
                        await node.CallAsync(() => ec2.CreateRouteAsync(tableId, destination, to, ct));
                        return destination;
                    },
                    ct);
                await progress.StepAsync(name, outcome, $"{destination} via {to} in {tableId}", recordIt, ct);
                return true;
            });

        // An association: found by state, created otherwise.
        void Associate(GraphNode<RouteTable> table, VpcRecordSubnet row, Func<VpcRecord, string, VpcRecord> recordIt)
        {
            var subnet = subnets[row.Name];
            Step($"AssociateRouteTable {row.Name}", [table, subnet], async node =>
            {
                var (tableId, subnetId) = (table.Result.RouteTableId, subnet.Result.SubnetId);
                static string? AssociationOf(RouteTable? t, string subnetId) => t?.Associations.FirstOrDefault(a => a.SubnetId == subnetId)?.RouteTableAssociationId;
                var (associationId, outcome) = await FindOrCreateAsync(
                    AssociationOf(table.Result, subnetId),
                    async () => AssociationOf((await node.CallAsync(() => ec2.DescribeRouteTablesAsync([Ec2Filter.Of("route-table-id", tableId)], ct))).FirstOrDefault(), subnetId),
                    () => node.CallAsync(() => ec2.AssociateRouteTableAsync(tableId, subnetId, ct)),
                    ct);
                await progress.StepAsync($"AssociateRouteTable {row.Name}", outcome, $"{associationId} {subnetId} to {tableId}", r => recordIt(r, associationId), ct);
                return associationId;
            });
        }
    }

    /// <summary>Polls DescribeNatGateways until the NAT gateway is available. <c>failed</c> fails at once with EC2's failure
    /// code; still pending after <see cref="VpcOptions.NatAvailableTimeout"/> fails with <see cref="NatTimeoutCode"/>.</summary>
    private async Task<NatGateway> WaitForNatAsync(GraphNode node, VpcProgress progress, string zone, NatGateway nat, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var state = nat.State;
        while (true)
        {
            if (nat.State == NatGatewayStates.Available)
                break;
            if (nat.State == NatGatewayStates.Failed)
                throw new AmazonEC2Exception($"NAT gateway {nat.NatGatewayId} failed: {nat.FailureMessage}", ErrorType.Sender, nat.FailureCode ?? "NatGatewayFailed", null, HttpStatusCode.BadRequest);
            if (nat.State is not NatGatewayStates.Pending)
                throw new AmazonEC2Exception($"NAT gateway {nat.NatGatewayId} is {nat.State}.", ErrorType.Sender, "InvalidNatGatewayID.NotFound", null, HttpStatusCode.BadRequest);
            if (time.GetElapsedTime(started) >= options.Value.NatAvailableTimeout)
            {
                throw new AmazonEC2Exception(
                    $"NAT gateway {nat.NatGatewayId} was still {nat.State} after {options.Value.NatAvailableTimeout} ({VpcOptions.Section}:NatAvailableTimeout).",
                    ErrorType.Unknown, NatTimeoutCode, null, HttpStatusCode.RequestTimeout);
            }

            await Task.Delay(options.Value.NatPollInterval, time, ct);
            var id = nat.NatGatewayId;
            nat = (await node.CallAsync(() => ec2.DescribeNatGatewaysAsync([Ec2Filter.Of("nat-gateway-id", id)], ct))).FirstOrDefault()
                ?? nat with { State = NatGatewayStates.Pending }; // not visible yet (EC2 is eventually consistent)
            if (nat.State != state)
            {
                state = nat.State;
                await progress.StepAsync($"WaitNatGateway {zone}", state == NatGatewayStates.Failed ? StepOutcomes.Failed : StepOutcomes.Ok,
                    $"{nat.NatGatewayId} {state}{(nat.FailureCode is null ? "" : $" ({nat.FailureCode})")}",
                    r => r with { NatGateways = Replace(r.NatGateways, x => x.AvailabilityZone == zone, x => x with { State = nat.State }) }, ct);
            }
        }

        return nat;
    }

    /// <summary>The error code of a request whose NAT gateway did not become available in time (the portal's, not EC2's).</summary>
    public const string NatTimeoutCode = "NatGatewayTimeout";

    private async Task<Vpc> WaitForIpv6BlockAsync(GraphNode node, string vpcId, CancellationToken ct)
    {
        // EC2 may answer CreateVpc while the /56 is still "associating".
        var started = time.GetTimestamp();
        while (true)
        {
            var vpc = (await node.CallAsync(() => ec2.DescribeVpcsAsync([Ec2Filter.Of("vpc-id", vpcId)], ct))).FirstOrDefault();
            if (vpc?.Ipv6CidrBlock is not null)
                return vpc;
            if (time.GetElapsedTime(started) >= TimeSpan.FromMinutes(1))
                throw new AmazonEC2Exception($"VPC {vpcId} has no IPv6 block after a minute.", ErrorType.Unknown, "Ipv6BlockTimeout", null, HttpStatusCode.RequestTimeout);
            await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
        }
    }

    private static string Tenancy(VpcTenancy tenancy) => tenancy == VpcTenancy.Dedicated ? "dedicated" : "default";

    private static IReadOnlyList<T> Replace<T>(IReadOnlyList<T> items, Func<T, bool> which, Func<T, T> change) => [.. items.Select(x => which(x) ? change(x) : x)];

    private static T? Tagged<T>(IReadOnlyList<T> found, Func<T, IReadOnlyList<Ec2Tag>> tags, string resource) where T : class =>
        found.FirstOrDefault(x => VpcTags.ResourceOf(tags(x)) == resource);

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
