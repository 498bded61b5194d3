using Amazon.EC2;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Vpcs;
using Portal.Core.Vpcs.Sandbox;

namespace Portal.Core.Tests.Vpcs;

/// <summary>The sandbox's rules for NAT gateways, Elastic IPs, egress-only gateways, endpoints and IPv6, each with the
/// error code EC2 answers with. NAT gateway states follow the test's clock.</summary>
public sealed class Ec2SandboxNatRulesTests
{
    private static readonly IReadOnlyList<Ec2Tag> NoTags = [];
    private static readonly TimeSpan AvailableAfter = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DeletedAfter = TimeSpan.FromSeconds(30);

    private static async Task<(ServiceProvider Services, Ec2Sandbox Ec2, ManualClock Clock)> StartAsync()
    {
        var stack = new VpcTestStack();
        var services = await stack.StartAsync(new Dictionary<string, string?>
        {
            ["Portal:Sandbox:NatAvailableAfter"] = AvailableAfter.ToString(),
            ["Portal:Sandbox:NatDeletedAfter"] = DeletedAfter.ToString(),
        });
        return (services, services.GetRequiredService<Ec2Sandbox>(), stack.Clock);
    }

    private static async Task<string> CodeOfAsync(Func<Task> call) => (await Assert.ThrowsAsync<AmazonEC2Exception>(call)).ErrorCode;

    /// <summary>A VPC with a subnet, an attached internet gateway and a route table.</summary>
    private static async Task<(Vpc Vpc, Subnet Subnet, InternetGateway Gateway, RouteTable Table)> NetworkAsync(Ec2Sandbox ec2, bool attach = true)
    {
        var vpc = await ec2.CreateVpcAsync("10.0.0.0/16", NoTags);
        var subnet = await ec2.CreateSubnetAsync(vpc.VpcId, "10.0.0.0/24", "us-east-1a", NoTags);
        var gateway = await ec2.CreateInternetGatewayAsync(NoTags);
        if (attach)
            await ec2.AttachInternetGatewayAsync(gateway.InternetGatewayId, vpc.VpcId);
        var table = await ec2.CreateRouteTableAsync(vpc.VpcId, NoTags);
        return (vpc, subnet, gateway, table);
    }

    private static async Task<NatGateway> NatAsync(Ec2Sandbox ec2, string id) => Assert.Single(await ec2.DescribeNatGatewaysAsync([Ec2Filter.Of("nat-gateway-id", id)]));

    [Fact]
    public async Task The_sixth_elastic_ip_in_a_region_is_AddressLimitExceeded()
    {
        var (services, ec2, _) = await StartAsync();
        await using var _ = services;
        for (var i = 0; i < SandboxOptions.AddressesPerRegion; i++)
            Assert.StartsWith("eipalloc-", (await ec2.AllocateAddressAsync(NoTags)).AllocationId);

        Assert.Equal("AddressLimitExceeded", await CodeOfAsync(() => ec2.AllocateAddressAsync(NoTags)));
        Assert.Equal(5, (await ec2.DescribeAddressesAsync([])).Select(a => a.PublicIp).Distinct().Count());
    }

    [Fact]
    public async Task A_nat_gateway_is_pending_then_available_then_deleting_then_deleted_on_the_clock()
    {
        var (services, ec2, clock) = await StartAsync();
        await using var _ = services;
        var (_, subnet, _, _) = await NetworkAsync(ec2);
        var address = await ec2.AllocateAddressAsync(NoTags);

        var nat = await ec2.CreateNatGatewayAsync(subnet.SubnetId, address.AllocationId, "token-1", NoTags);
        Assert.Equal((NatGatewayStates.Pending, address.PublicIp), (nat.State, nat.PublicIp));
        clock.Advance(AvailableAfter - TimeSpan.FromSeconds(1));
        Assert.Equal(NatGatewayStates.Pending, (await NatAsync(ec2, nat.NatGatewayId)).State);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(NatGatewayStates.Available, (await NatAsync(ec2, nat.NatGatewayId)).State);
        Assert.Single(await ec2.DescribeNatGatewaysAsync([Ec2Filter.Of("state", NatGatewayStates.Available)]));

        await ec2.DeleteNatGatewayAsync(nat.NatGatewayId);
        Assert.Equal(NatGatewayStates.Deleting, (await NatAsync(ec2, nat.NatGatewayId)).State);
        clock.Advance(DeletedAfter);
        Assert.Equal(NatGatewayStates.Deleted, (await NatAsync(ec2, nat.NatGatewayId)).State);
        Assert.Equal("NatGatewayNotFound", await CodeOfAsync(() => ec2.DeleteNatGatewayAsync(nat.NatGatewayId)));
    }

    [Fact]
    public async Task The_same_client_token_answers_the_same_nat_gateway_and_other_parameters_are_refused()
    {
        var (services, ec2, _) = await StartAsync();
        await using var _ = services;
        var (_, subnet, _, _) = await NetworkAsync(ec2);
        var address = await ec2.AllocateAddressAsync(NoTags);
        var other = await ec2.AllocateAddressAsync(NoTags);

        var first = await ec2.CreateNatGatewayAsync(subnet.SubnetId, address.AllocationId, "token-1", NoTags);
        var again = await ec2.CreateNatGatewayAsync(subnet.SubnetId, address.AllocationId, "token-1", NoTags);

        Assert.Equal(first.NatGatewayId, again.NatGatewayId);
        Assert.Single(await ec2.DescribeNatGatewaysAsync([]));
        Assert.Equal("IdempotentParameterMismatch", await CodeOfAsync(() => ec2.CreateNatGatewayAsync(subnet.SubnetId, other.AllocationId, "token-1", NoTags)));
    }

    [Fact]
    public async Task A_nat_gateway_in_a_vpc_without_an_attached_internet_gateway_fails_with_Gateway_NotAttached()
    {
        var (services, ec2, _) = await StartAsync();
        await using var _ = services;
        var (vpc, subnet, _, _) = await NetworkAsync(ec2, attach: false);
        var address = await ec2.AllocateAddressAsync(NoTags);

        var nat = await ec2.CreateNatGatewayAsync(subnet.SubnetId, address.AllocationId, "token-1", NoTags);

        Assert.Equal((NatGatewayStates.Failed, "Gateway.NotAttached"), (nat.State, nat.FailureCode));
        Assert.Contains(vpc.VpcId, nat.FailureMessage);
        // A failed NAT gateway lets go of its address and subnet.
        await ec2.ReleaseAddressAsync(address.AllocationId);
        await ec2.DeleteSubnetAsync(subnet.SubnetId);
        Assert.Equal("InvalidSubnetID.NotFound", await CodeOfAsync(() => ec2.CreateNatGatewayAsync(subnet.SubnetId, address.AllocationId, "t2", NoTags)));
    }

    [Fact]
    public async Task A_nat_gateway_holds_its_address_subnet_vpc_and_the_gateway_attachment_until_it_is_deleted()
    {
        var (services, ec2, clock) = await StartAsync();
        await using var _ = services;
        var (vpc, subnet, gateway, table) = await NetworkAsync(ec2);
        var address = await ec2.AllocateAddressAsync(NoTags);
        var nat = await ec2.CreateNatGatewayAsync(subnet.SubnetId, address.AllocationId, "token-1", NoTags);
        await ec2.DeleteRouteTableAsync(table.RouteTableId);

        Assert.NotNull(Assert.Single(await ec2.DescribeAddressesAsync([])).AssociationId);
        Assert.Equal("InvalidIPAddress.InUse", await CodeOfAsync(() => ec2.ReleaseAddressAsync(address.AllocationId)));
        Assert.Equal("DependencyViolation", await CodeOfAsync(() => ec2.DeleteSubnetAsync(subnet.SubnetId)));
        Assert.Equal("DependencyViolation", await CodeOfAsync(() => ec2.DetachInternetGatewayAsync(gateway.InternetGatewayId, vpc.VpcId)));

        await ec2.DeleteNatGatewayAsync(nat.NatGatewayId);
        // Still deleting: still held.
        Assert.Equal("InvalidIPAddress.InUse", await CodeOfAsync(() => ec2.ReleaseAddressAsync(address.AllocationId)));
        Assert.Equal("DependencyViolation", await CodeOfAsync(() => ec2.DeleteSubnetAsync(subnet.SubnetId)));

        clock.Advance(DeletedAfter);
        await ec2.ReleaseAddressAsync(address.AllocationId);
        await ec2.DeleteSubnetAsync(subnet.SubnetId);
        await ec2.DetachInternetGatewayAsync(gateway.InternetGatewayId, vpc.VpcId);
        await ec2.DeleteVpcAsync(vpc.VpcId);
    }

    [Fact]
    public async Task Deleting_a_vpc_with_a_nat_gateway_is_DependencyViolation()
    {
        var (services, ec2, _) = await StartAsync();
        await using var _ = services;
        var (vpc, subnet, gateway, table) = await NetworkAsync(ec2);
        var address = await ec2.AllocateAddressAsync(NoTags);
        await ec2.CreateNatGatewayAsync(subnet.SubnetId, address.AllocationId, "token-1", NoTags);
        await ec2.DeleteRouteTableAsync(table.RouteTableId);

        Assert.Equal("DependencyViolation", await CodeOfAsync(() => ec2.DeleteVpcAsync(vpc.VpcId)));
    }

    [Fact]
    public async Task A_route_to_a_nat_gateway_that_is_not_available_is_InvalidNatGatewayID_NotFound()
    {
        var (services, ec2, clock) = await StartAsync();
        await using var _ = services;
        var (_, subnet, _, table) = await NetworkAsync(ec2);
        var address = await ec2.AllocateAddressAsync(NoTags);
        var nat = await ec2.CreateNatGatewayAsync(subnet.SubnetId, address.AllocationId, "token-1", NoTags);

        Assert.Equal("InvalidNatGatewayID.NotFound", await CodeOfAsync(() => ec2.CreateRouteAsync(table.RouteTableId, "0.0.0.0/0", RouteTarget.Nat(nat.NatGatewayId))));
        clock.Advance(AvailableAfter);
        await ec2.CreateRouteAsync(table.RouteTableId, "0.0.0.0/0", RouteTarget.Nat(nat.NatGatewayId));
        Assert.Contains((await ec2.DescribeRouteTablesAsync([Ec2Filter.Of("route-table-id", table.RouteTableId)])).Single().Routes,
            r => r.DestinationCidrBlock == "0.0.0.0/0" && r.NatGatewayId == nat.NatGatewayId);
        Assert.Equal("InvalidParameterValue", await CodeOfAsync(() => ec2.CreateRouteAsync(table.RouteTableId, "::/0", RouteTarget.Nat(nat.NatGatewayId))));
    }

    [Fact]
    public async Task An_endpoint_holds_its_route_tables_and_the_vpc_until_it_is_deleted()
    {
        var (services, ec2, _) = await StartAsync();
        await using var _ = services;
        var (vpc, subnet, gateway, table) = await NetworkAsync(ec2);

        Assert.Equal("InvalidServiceName", await CodeOfAsync(() =>
            ec2.CreateGatewayVpcEndpointAsync(vpc.VpcId, "com.amazonaws.us-east-1.nothing", [table.RouteTableId], "t0", NoTags)));
        var endpoint = await ec2.CreateGatewayVpcEndpointAsync(vpc.VpcId, "com.amazonaws.us-east-1.s3", [table.RouteTableId], "t1", NoTags);
        Assert.Equal(endpoint.VpcEndpointId,
            (await ec2.CreateGatewayVpcEndpointAsync(vpc.VpcId, "com.amazonaws.us-east-1.s3", [table.RouteTableId], "t1", NoTags)).VpcEndpointId);
        Assert.StartsWith("vpce-", endpoint.VpcEndpointId);

        Assert.Equal("DependencyViolation", await CodeOfAsync(() => ec2.DeleteRouteTableAsync(table.RouteTableId)));
        await ec2.DeleteSubnetAsync(subnet.SubnetId);
        await ec2.DetachInternetGatewayAsync(gateway.InternetGatewayId, vpc.VpcId);
        Assert.Equal("DependencyViolation", await CodeOfAsync(() => ec2.DeleteVpcAsync(vpc.VpcId)));

        await ec2.DeleteVpcEndpointsAsync([endpoint.VpcEndpointId]);
        Assert.Equal("InvalidVpcEndpointId.NotFound", await CodeOfAsync(() => ec2.DeleteVpcEndpointsAsync([endpoint.VpcEndpointId])));
        await ec2.DeleteRouteTableAsync(table.RouteTableId);
        await ec2.DeleteVpcAsync(vpc.VpcId);
    }

    [Fact]
    public async Task A_subnets_ipv6_block_is_a_64_inside_the_vpcs_56_and_unique()
    {
        var (services, ec2, _) = await StartAsync();
        await using var _ = services;
        var vpc = await ec2.CreateVpcAsync("10.0.0.0/16", NoTags, amazonProvidedIpv6CidrBlock: true);
        var ipv4Only = await ec2.CreateVpcAsync("10.1.0.0/16", NoTags);
        var block = System.Net.IPNetwork.Parse(vpc.Ipv6CidrBlock!);
        Assert.Equal(56, block.PrefixLength);
        var first = block.BaseAddress.GetAddressBytes();
        string Nth(int n, int length = 64)
        {
            var bytes = (byte[])first.Clone();
            bytes[7] = (byte)n;
            return $"{new System.Net.IPAddress(bytes)}/{length}";
        }

        var subnet = await ec2.CreateSubnetAsync(vpc.VpcId, "10.0.0.0/24", "us-east-1a", NoTags, Nth(1));
        Assert.Equal(Nth(1), subnet.Ipv6CidrBlock);
        Assert.Equal("InvalidSubnet.Conflict", await CodeOfAsync(() => ec2.CreateSubnetAsync(vpc.VpcId, "10.0.1.0/24", "us-east-1a", NoTags, Nth(1))));
        Assert.Equal("InvalidSubnet.Range", await CodeOfAsync(() => ec2.CreateSubnetAsync(vpc.VpcId, "10.0.1.0/24", "us-east-1a", NoTags, Nth(2, 63))));
        Assert.Equal("InvalidSubnet.Range", await CodeOfAsync(() => ec2.CreateSubnetAsync(vpc.VpcId, "10.0.1.0/24", "us-east-1a", NoTags, "2001:db8:0:1::/64")));
        Assert.Equal("InvalidSubnet.Range", await CodeOfAsync(() => ec2.CreateSubnetAsync(ipv4Only.VpcId, "10.1.1.0/24", "us-east-1a", NoTags, Nth(3))));
        Assert.Equal("InvalidParameterValue", await CodeOfAsync(() => ec2.CreateSubnetAsync(vpc.VpcId, "10.0.1.0/24", "us-east-1a", NoTags, "not-a-block")));
        // The VPC's route tables carry its IPv6 range as a local route.
        var table = await ec2.CreateRouteTableAsync(vpc.VpcId, NoTags);
        Assert.Contains(table.Routes, r => r.DestinationIpv6CidrBlock == vpc.Ipv6CidrBlock && r.GatewayId == "local");
    }

    [Fact]
    public async Task One_egress_only_gateway_per_vpc_taking_ipv6_routes_only()
    {
        var (services, ec2, _) = await StartAsync();
        await using var _ = services;
        var vpc = await ec2.CreateVpcAsync("10.0.0.0/16", NoTags, amazonProvidedIpv6CidrBlock: true);
        var table = await ec2.CreateRouteTableAsync(vpc.VpcId, NoTags);

        var egress = await ec2.CreateEgressOnlyInternetGatewayAsync(vpc.VpcId, "t1", NoTags);
        Assert.Equal(egress.EgressOnlyInternetGatewayId, (await ec2.CreateEgressOnlyInternetGatewayAsync(vpc.VpcId, "t1", NoTags)).EgressOnlyInternetGatewayId);
        Assert.Equal([new InternetGatewayAttachment(vpc.VpcId, "attached")], egress.Attachments);
        Assert.Equal("Resource.AlreadyAssociated", await CodeOfAsync(() => ec2.CreateEgressOnlyInternetGatewayAsync(vpc.VpcId, "t2", NoTags)));

        Assert.Equal("InvalidParameterValue", await CodeOfAsync(() =>
            ec2.CreateRouteAsync(table.RouteTableId, "0.0.0.0/0", RouteTarget.EgressOnly(egress.EgressOnlyInternetGatewayId))));
        await ec2.CreateRouteAsync(table.RouteTableId, "::/0", RouteTarget.EgressOnly(egress.EgressOnlyInternetGatewayId));
        Assert.Equal("RouteAlreadyExists", await CodeOfAsync(() =>
            ec2.CreateRouteAsync(table.RouteTableId, "::/0", RouteTarget.EgressOnly(egress.EgressOnlyInternetGatewayId))));

        await ec2.DeleteRouteTableAsync(table.RouteTableId);
        Assert.Equal("DependencyViolation", await CodeOfAsync(() => ec2.DeleteVpcAsync(vpc.VpcId)));
        await ec2.DeleteEgressOnlyInternetGatewayAsync(egress.EgressOnlyInternetGatewayId);
        await ec2.DeleteVpcAsync(vpc.VpcId);
    }

    [Fact]
    public async Task Tenancy_is_default_or_dedicated()
    {
        var (services, ec2, _) = await StartAsync();
        await using var _ = services;
        Assert.Equal("dedicated", (await ec2.CreateVpcAsync("10.0.0.0/16", NoTags, instanceTenancy: "dedicated")).InstanceTenancy);
        Assert.Equal("InvalidParameterValue", await CodeOfAsync(() => ec2.CreateVpcAsync("10.1.0.0/16", NoTags, instanceTenancy: "host")));
    }
}
