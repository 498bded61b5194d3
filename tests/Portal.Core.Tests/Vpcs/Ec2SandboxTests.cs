using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.EC2;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Vpcs;
using Portal.Core.Vpcs.Sandbox;

namespace Portal.Core.Tests.Vpcs;

/// <summary>The EC2 sandbox's rules one by one, each with the error code real EC2 answers with.</summary>
public sealed class Ec2SandboxTests
{
    private static readonly IReadOnlyList<Ec2Tag> NoTags = [];

    private static async Task<(ServiceProvider Services, Ec2Sandbox Ec2)> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var services = await new VpcTestStack().StartAsync(settings);
        return (services, services.GetRequiredService<Ec2Sandbox>());
    }

    private static async Task<string> CodeOfAsync(Func<Task> call) => (await Assert.ThrowsAsync<AmazonEC2Exception>(call)).ErrorCode;

    [Fact]
    public async Task In_local_mode_the_ec2_api_is_the_sandbox()
    {
        var (services, ec2) = await StartAsync();
        await using var _ = services;
        Assert.Same(ec2, services.GetRequiredService<IEc2Api>());
    }

    [Theory]
    [InlineData("10.0.0.0/15")]
    [InlineData("10.0.0.0/29")]
    [InlineData("224.0.0.0/16")]
    public async Task A_vpc_block_outside_aws_limits_is_InvalidVpc_Range(string cidr)
    {
        var (services, ec2) = await StartAsync();
        await using var _ = services;
        Assert.Equal("InvalidVpc.Range", await CodeOfAsync(() => ec2.CreateVpcAsync(cidr, NoTags)));
        Assert.Empty(await ec2.DescribeVpcsAsync([]));
    }

    [Fact]
    public async Task A_malformed_block_is_InvalidParameterValue()
    {
        var (services, ec2) = await StartAsync();
        await using var _ = services;
        Assert.Equal("InvalidParameterValue", await CodeOfAsync(() => ec2.CreateVpcAsync("10.0.0.1/16", NoTags)));
    }

    [Fact]
    public async Task Ids_look_like_aws_ids_and_tags_are_kept()
    {
        var (services, ec2) = await StartAsync();
        await using var _ = services;
        var vpc = await ec2.CreateVpcAsync("10.0.0.0/16", [new("Name", "a")]);
        var subnet = await ec2.CreateSubnetAsync(vpc.VpcId, "10.0.0.0/24", "us-east-1a", [new("Name", "s")]);
        var gateway = await ec2.CreateInternetGatewayAsync(NoTags);
        var table = await ec2.CreateRouteTableAsync(vpc.VpcId, NoTags);
        var association = await ec2.AssociateRouteTableAsync(table.RouteTableId, subnet.SubnetId);

        Assert.Matches("^vpc-[0-9a-f]{17}$", vpc.VpcId);
        Assert.Matches("^subnet-[0-9a-f]{17}$", subnet.SubnetId);
        Assert.Matches("^igw-[0-9a-f]{17}$", gateway.InternetGatewayId);
        Assert.Matches("^rtb-[0-9a-f]{17}$", table.RouteTableId);
        Assert.Matches("^rtbassoc-[0-9a-f]{17}$", association);
        Assert.Equal([new Ec2Tag("Name", "a")], (await ec2.DescribeVpcsAsync([Ec2Filter.Of("vpc-id", vpc.VpcId)])).Single().Tags);
        Assert.Equal("s", (await ec2.DescribeSubnetsAsync([Ec2Filter.Tag("Name", "s")])).Single().Tags.Single().Value);
    }

    [Fact]
    public async Task Subnets_must_be_inside_the_vpc_sized_16_to_28_and_not_overlap()
    {
        var (services, ec2) = await StartAsync();
        await using var _ = services;
        var vpc = await ec2.CreateVpcAsync("10.0.0.0/16", NoTags);
        await ec2.CreateSubnetAsync(vpc.VpcId, "10.0.1.0/24", "us-east-1a", NoTags);

        Assert.Equal("InvalidSubnet.Range", await CodeOfAsync(() => ec2.CreateSubnetAsync(vpc.VpcId, "10.1.0.0/24", "us-east-1a", NoTags)));
        Assert.Equal("InvalidSubnet.Range", await CodeOfAsync(() => ec2.CreateSubnetAsync(vpc.VpcId, "10.0.2.0/29", "us-east-1a", NoTags)));
        Assert.Equal("InvalidSubnet.Conflict", await CodeOfAsync(() => ec2.CreateSubnetAsync(vpc.VpcId, "10.0.1.128/25", "us-east-1b", NoTags)));
        Assert.Equal("InvalidSubnet.Conflict", await CodeOfAsync(() => ec2.CreateSubnetAsync(vpc.VpcId, "10.0.0.0/23", "us-east-1b", NoTags)));
        Assert.Single(await ec2.DescribeSubnetsAsync([Ec2Filter.Of("vpc-id", vpc.VpcId)]));
    }

    [Fact]
    public async Task Zones_are_those_of_the_configured_region()
    {
        var (services, ec2) = await StartAsync();
        await using var _ = services;
        var zones = await ec2.DescribeAvailabilityZonesAsync();
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"], zones.Select(z => z.ZoneName));

        var vpc = await ec2.CreateVpcAsync("10.0.0.0/16", NoTags);
        Assert.Equal("InvalidParameterValue", await CodeOfAsync(() => ec2.CreateSubnetAsync(vpc.VpcId, "10.0.0.0/24", "eu-west-1a", NoTags)));
    }

    [Fact]
    public async Task The_sixth_vpc_in_a_region_is_VpcLimitExceeded()
    {
        var (services, ec2) = await StartAsync();
        await using var _ = services;
        for (var i = 0; i < 5; i++)
            await ec2.CreateVpcAsync($"10.{i}.0.0/16", NoTags);

        Assert.Equal("VpcLimitExceeded", await CodeOfAsync(() => ec2.CreateVpcAsync("10.9.0.0/16", NoTags)));
        Assert.Equal(5, (await ec2.DescribeVpcsAsync([])).Count);

        // Deleting one makes room again.
        await ec2.DeleteVpcAsync((await ec2.DescribeVpcsAsync([])).First().VpcId);
        await ec2.CreateVpcAsync("10.9.0.0/16", NoTags);
    }

    [Fact]
    public async Task The_vpc_limit_holds_under_concurrent_creates()
    {
        var (services, ec2) = await StartAsync();
        await using var _ = services;
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await ec2.CreateVpcAsync($"10.{i}.0.0/16", NoTags);
                return "ok";
            }
            catch (AmazonServiceException ex)
            {
                return ex.ErrorCode;
            }
        }));
        Assert.Equal(5, results.Count(r => r == "ok"));
        Assert.Equal(3, results.Count(r => r == "VpcLimitExceeded"));
        Assert.Equal(5, (await ec2.DescribeVpcsAsync([])).Count);
    }

    [Fact]
    public async Task Deleting_a_vpc_with_subnets_or_an_attached_gateway_is_DependencyViolation()
    {
        var (services, ec2) = await StartAsync();
        await using var _ = services;
        var vpc = await ec2.CreateVpcAsync("10.0.0.0/16", NoTags);
        var subnet = await ec2.CreateSubnetAsync(vpc.VpcId, "10.0.0.0/24", "us-east-1a", NoTags);
        Assert.Equal("DependencyViolation", await CodeOfAsync(() => ec2.DeleteVpcAsync(vpc.VpcId)));

        await ec2.DeleteSubnetAsync(subnet.SubnetId);
        var gateway = await ec2.CreateInternetGatewayAsync(NoTags);
        await ec2.AttachInternetGatewayAsync(gateway.InternetGatewayId, vpc.VpcId);
        Assert.Equal("DependencyViolation", await CodeOfAsync(() => ec2.DeleteVpcAsync(vpc.VpcId)));
        Assert.Equal("DependencyViolation", await CodeOfAsync(() => ec2.DeleteInternetGatewayAsync(gateway.InternetGatewayId)));

        await ec2.DetachInternetGatewayAsync(gateway.InternetGatewayId, vpc.VpcId);
        var table = await ec2.CreateRouteTableAsync(vpc.VpcId, NoTags);
        Assert.Equal("DependencyViolation", await CodeOfAsync(() => ec2.DeleteVpcAsync(vpc.VpcId)));

        await ec2.DeleteRouteTableAsync(table.RouteTableId);
        await ec2.DeleteInternetGatewayAsync(gateway.InternetGatewayId);
        await ec2.DeleteVpcAsync(vpc.VpcId);
        Assert.Empty(await ec2.DescribeVpcsAsync([]));
        Assert.Empty(await ec2.DescribeRouteTablesAsync([]));
    }

    [Fact]
    public async Task Unknown_ids_are_NotFound_with_the_resource_kind()
    {
        var (services, ec2) = await StartAsync();
        await using var _ = services;
        Assert.Equal("InvalidVpcID.NotFound", await CodeOfAsync(() => ec2.DeleteVpcAsync("vpc-0123456789abcdef0")));
        Assert.Equal("InvalidVpcID.NotFound", await CodeOfAsync(() => ec2.CreateSubnetAsync("vpc-0123456789abcdef0", "10.0.0.0/24", "us-east-1a", NoTags)));
        Assert.Equal("InvalidSubnetID.NotFound", await CodeOfAsync(() => ec2.DeleteSubnetAsync("subnet-0123456789abcdef0")));
        Assert.Equal("InvalidInternetGatewayID.NotFound", await CodeOfAsync(() => ec2.DeleteInternetGatewayAsync("igw-0123456789abcdef0")));
        Assert.Equal("InvalidRouteTableID.NotFound", await CodeOfAsync(() => ec2.DeleteRouteTableAsync("rtb-0123456789abcdef0")));
        Assert.Equal("InvalidAssociationID.NotFound", await CodeOfAsync(() => ec2.DisassociateRouteTableAsync("rtbassoc-0123456789abcdef0")));
    }

    [Fact]
    public async Task Gateways_and_route_tables_follow_attachment_and_association_rules()
    {
        var (services, ec2) = await StartAsync();
        await using var _ = services;
        var vpc = await ec2.CreateVpcAsync("10.0.0.0/16", NoTags);
        var other = await ec2.CreateVpcAsync("10.1.0.0/16", NoTags);
        var subnet = await ec2.CreateSubnetAsync(vpc.VpcId, "10.0.0.0/24", "us-east-1a", NoTags);
        var gateway = await ec2.CreateInternetGatewayAsync(NoTags);
        var second = await ec2.CreateInternetGatewayAsync(NoTags);
        var table = await ec2.CreateRouteTableAsync(vpc.VpcId, NoTags);

        Assert.Equal("InvalidParameterValue", await CodeOfAsync(() => ec2.CreateRouteAsync(table.RouteTableId, "0.0.0.0/0", RouteTarget.Gateway(gateway.InternetGatewayId))));
        await ec2.AttachInternetGatewayAsync(gateway.InternetGatewayId, vpc.VpcId);
        Assert.Equal("Resource.AlreadyAssociated", await CodeOfAsync(() => ec2.AttachInternetGatewayAsync(gateway.InternetGatewayId, other.VpcId)));
        Assert.Equal("Resource.AlreadyAssociated", await CodeOfAsync(() => ec2.AttachInternetGatewayAsync(second.InternetGatewayId, vpc.VpcId)));
        Assert.Equal("Gateway.NotAttached", await CodeOfAsync(() => ec2.DetachInternetGatewayAsync(second.InternetGatewayId, vpc.VpcId)));

        await ec2.CreateRouteAsync(table.RouteTableId, "0.0.0.0/0", RouteTarget.Gateway(gateway.InternetGatewayId));
        Assert.Equal("RouteAlreadyExists", await CodeOfAsync(() => ec2.CreateRouteAsync(table.RouteTableId, "0.0.0.0/0", RouteTarget.Gateway(gateway.InternetGatewayId))));
        var association = await ec2.AssociateRouteTableAsync(table.RouteTableId, subnet.SubnetId);
        Assert.Equal("Resource.AlreadyAssociated", await CodeOfAsync(() => ec2.AssociateRouteTableAsync(table.RouteTableId, subnet.SubnetId)));
        Assert.Equal("DependencyViolation", await CodeOfAsync(() => ec2.DeleteRouteTableAsync(table.RouteTableId)));

        var described = (await ec2.DescribeRouteTablesAsync([Ec2Filter.Of("association.subnet-id", subnet.SubnetId)])).Single();
        Assert.Equal(table.RouteTableId, described.RouteTableId);
        Assert.Contains(described.Routes, r => r.DestinationCidrBlock == "0.0.0.0/0" && r.GatewayId == gateway.InternetGatewayId);
        Assert.Contains(described.Routes, r => r.DestinationCidrBlock == "10.0.0.0/16" && r.GatewayId == "local");

        await ec2.DisassociateRouteTableAsync(association);
        await ec2.DeleteRouteTableAsync(table.RouteTableId);
        Assert.Equal(gateway.InternetGatewayId, (await ec2.DescribeInternetGatewaysAsync([Ec2Filter.Of("attachment.vpc-id", vpc.VpcId)])).Single().InternetGatewayId);
    }

    [Fact]
    public async Task Filters_are_anded_their_values_ored_and_unknown_names_refused()
    {
        var (services, ec2) = await StartAsync();
        await using var _ = services;
        var a = await ec2.CreateVpcAsync("10.0.0.0/16", [new("portal:request-id", "r1"), new("env", "dev")]);
        var b = await ec2.CreateVpcAsync("10.1.0.0/16", [new("portal:request-id", "r2"), new("env", "dev")]);
        await ec2.CreateVpcAsync("10.2.0.0/16", [new("env", "prod")]);

        Assert.Equal([a.VpcId], (await ec2.DescribeVpcsAsync([Ec2Filter.Tag("portal:request-id", "r1")])).Select(v => v.VpcId));
        Assert.Equal(2, (await ec2.DescribeVpcsAsync([Ec2Filter.Of("tag:portal:request-id", "r1", "r2")])).Count);
        Assert.Equal([b.VpcId], (await ec2.DescribeVpcsAsync([Ec2Filter.Tag("env", "dev"), Ec2Filter.Of("vpc-id", b.VpcId)])).Select(v => v.VpcId));
        Assert.Equal(2, (await ec2.DescribeVpcsAsync([Ec2Filter.Of("tag-key", "portal:request-id")])).Count);
        Assert.Equal("InvalidParameterValue", await CodeOfAsync(() => ec2.DescribeVpcsAsync([Ec2Filter.Of("colour", "blue")])));
    }

    [Fact]
    public async Task State_survives_a_restart()
    {
        var stack = new VpcTestStack();
        string vpcId;
        await using (var first = await stack.StartAsync())
            vpcId = (await first.GetRequiredService<Ec2Sandbox>().CreateVpcAsync("10.0.0.0/16", NoTags)).VpcId;

        await using var second = await stack.StartAsync();
        Assert.Equal(vpcId, (await second.GetRequiredService<Ec2Sandbox>().DescribeVpcsAsync([])).Single().VpcId);
    }

    [Fact]
    public async Task The_kth_mutating_call_fails_once_with_the_configured_code_and_changes_nothing()
    {
        var (services, ec2) = await StartAsync(VpcTestStack.Fault(2, code: "UnauthorizedOperation"));
        await using var _ = services;
        var vpc = await ec2.CreateVpcAsync("10.0.0.0/16", NoTags);
        await ec2.DescribeVpcsAsync([]); // Describe calls do not count.

        Assert.Equal("UnauthorizedOperation", await CodeOfAsync(() => ec2.CreateSubnetAsync(vpc.VpcId, "10.0.0.0/24", "us-east-1a", NoTags)));
        Assert.Empty(await ec2.DescribeSubnetsAsync([]));
        await ec2.CreateSubnetAsync(vpc.VpcId, "10.0.0.0/24", "us-east-1a", NoTags);
        Assert.Equal(3, ec2.MutatingCalls);
    }

    [Fact]
    public async Task A_simulated_crash_happens_after_the_call_took_effect()
    {
        var (services, ec2) = await StartAsync(VpcTestStack.Fault(1, SandboxFault.Crash));
        await using var _ = services;
        await Assert.ThrowsAsync<SimulatedCrashException>(() => ec2.CreateVpcAsync("10.0.0.0/16", [new("k", "v")]));
        Assert.Single(await ec2.DescribeVpcsAsync([Ec2Filter.Tag("k", "v")]));
    }

    [Fact]
    public async Task Every_call_waits_the_configured_latency()
    {
        var (services, ec2) = await StartAsync(new Dictionary<string, string?> { ["Portal:Sandbox:CallLatency"] = "00:00:00.150" });
        await using var _ = services;
        var watch = Stopwatch.StartNew();
        await ec2.DescribeVpcsAsync([]);
        await ec2.CreateVpcAsync("10.0.0.0/16", NoTags);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"two calls took {watch.Elapsed.TotalMilliseconds} ms");
    }
}
