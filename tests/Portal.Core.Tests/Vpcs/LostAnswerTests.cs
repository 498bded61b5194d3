using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Networking;
using Portal.Core.Vpcs;
using Portal.Core.Vpcs.Sandbox;

namespace Portal.Core.Tests.Vpcs;

/// <summary>
/// The workflow on AWSSDK.EC2 against a stateful EC2 endpoint on loopback (<see cref="Ec2SandboxHttpServer"/>), with a
/// handler in the SDK client's HTTP pipeline that lets one call reach EC2 and then loses its answer. Every create step
/// must end with exactly one of each resource.
/// </summary>
public sealed class LostAnswerTests
{
    public static TheoryData<string> CreateSteps() =>
        ["CreateVpc", "CreateSubnet", "CreateInternetGateway", "AttachInternetGateway", "CreateRouteTable", "CreateRoute", "AssociateRouteTable"];

    /// <summary>The VPC services with their EC2 calls going over HTTP, through <paramref name="faults"/>, to the sandbox;
    /// a two-zone request submitted and run. The caller disposes the services.</summary>
    private static async Task<(ServiceProvider Services, VpcRecord Record)> RunAsync(
        Ec2CallFaults faults, IDictionary<string, string?>? settings = null, VpcRequest? request = null)
    {
        var services = await new VpcTestStack().StartAsync(settings, s => s
            .AddSingleton(sp => new Ec2SandboxHttpServer(sp.GetRequiredService<Ec2Sandbox>()))
            .AddSingleton<IEc2Api>(sp => sp.GetRequiredService<Ec2SandboxHttpServer>().Client(faults)));
        var provisioning = services.GetRequiredService<VpcProvisioning>();
        var requestId = VpcTestStack.NewRequestId();
        await provisioning.SubmitAsync(request ?? VpcTestStack.TwoZoneRequest(), requestId, "alice", CancellationToken.None);
        return (services, await provisioning.RunAsync(requestId, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(CreateSteps))]
    public async Task A_lost_answer_is_adopted_and_the_request_ends_with_one_of_each_resource(string action)
    {
        var faults = new Ec2CallFaults(action, Ec2Fault.AnswerLost);

        var (services, record) = await RunAsync(faults);
        await using var _ = services;

        Assert.Equal(VpcStatus.Succeeded, record.Status);
        Assert.Equal(1, faults.Faults);
        // The SDK never sent the lost call again: one call per resource (4 subnets, 4 associations, 3 route tables).
        Assert.Equal(action switch { "CreateSubnet" => 4, "AssociateRouteTable" => 4, "CreateRouteTable" => 3, _ => 1 }, faults.Calls(action));
        Assert.Contains(record.Steps, s => (s.Name == action || s.Name.StartsWith(action + " ", StringComparison.Ordinal)) && s.Outcome == StepOutcomes.Reused);
        await AssertOneOfEachAsync(services.GetRequiredService<Ec2Sandbox>(), record);
    }

    public static TheoryData<string> NewCreateSteps() => ["AllocateAddress", "CreateNatGateway", "CreateEgressOnlyInternetGateway", "CreateVpcEndpoint"];

    [Theory]
    [MemberData(nameof(NewCreateSteps))]
    public async Task A_lost_answer_of_a_new_create_is_adopted_and_a_full_request_ends_with_one_of_each(string action)
    {
        var faults = new Ec2CallFaults(action, Ec2Fault.AnswerLost);

        var (services, record) = await RunAsync(faults, VpcTestStack.InstantNat(), VpcTestStack.FullRequest());
        await using var _ = services;

        Assert.Equal(VpcStatus.Succeeded, record.Status);
        Assert.Equal(1, faults.Faults);
        Assert.Equal(action is "AllocateAddress" or "CreateNatGateway" ? 2 : 1, faults.Calls(action));
        Assert.Contains(record.Steps, s => s.Name.StartsWith(action, StringComparison.Ordinal) && s.Outcome == StepOutcomes.Reused);
        var sandbox = services.GetRequiredService<Ec2Sandbox>();
        var byRequest = new[] { VpcTags.ByRequest(record.RequestId) };
        Assert.Equal(2, (await sandbox.DescribeAddressesAsync([])).Count);
        Assert.Equal(record.NatGateways.Select(n => n.NatGatewayId).Order(), (await sandbox.DescribeNatGatewaysAsync(byRequest)).Select(n => (string?)n.NatGatewayId).Order());
        Assert.Equal(record.EgressOnlyInternetGatewayId, Assert.Single(await sandbox.DescribeEgressOnlyInternetGatewaysAsync(byRequest)).EgressOnlyInternetGatewayId);
        Assert.Equal(record.S3EndpointId, Assert.Single(await sandbox.DescribeVpcEndpointsAsync(byRequest)).VpcEndpointId);
    }

    [Fact]
    public async Task A_throttled_create_is_retried_by_the_sdk_and_makes_one_vpc()
    {
        var faults = new Ec2CallFaults("CreateVpc", Ec2Fault.Throttled);

        var (services, record) = await RunAsync(faults);
        await using var _ = services;

        Assert.Equal(VpcStatus.Succeeded, record.Status);
        Assert.Equal((1, 2), (faults.Faults, faults.Calls("CreateVpc")));
        Assert.Equal(StepOutcomes.Ok, record.Steps.Single(s => s.Name == "CreateVpc").Outcome);
        await AssertOneOfEachAsync(services.GetRequiredService<Ec2Sandbox>(), record);
    }

    [Fact]
    public async Task Without_adoption_a_lost_answer_fails_the_call_or_duplicates_the_vpc()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync();
        var sandbox = services.GetRequiredService<Ec2Sandbox>();
        using var server = new Ec2SandboxHttpServer(sandbox);
        var tags = new List<Tag> { new(VpcTags.RequestId, "r-1") };
        var request = new CreateVpcRequest { CidrBlock = "10.0.0.0/16", TagSpecifications = [new() { ResourceType = ResourceType.Vpc, Tags = tags }] };

        // The portal's mutating client does not send the create again: the call fails, and EC2 holds the one VPC it made.
        var once = new Ec2CallFaults("CreateVpc", Ec2Fault.AnswerLost);
        using (var writes = new MutatingEc2Client(new BasicAWSCredentials("a", "b"), server.Config(once)))
            await Assert.ThrowsAsync<IOException>(() => writes.CreateVpcAsync(request));
        Assert.Equal((1, 1), (once.Faults, once.Calls("CreateVpc")));
        Assert.Single(await sandbox.DescribeVpcsAsync([Ec2Filter.Tag(VpcTags.RequestId, "r-1")]));

        // The SDK's standard retry sends it again and "succeeds" with a second VPC: what adoption prevents.
        tags[0] = new Tag(VpcTags.RequestId, "r-2");
        var retried = new Ec2CallFaults("CreateVpc", Ec2Fault.AnswerLost);
        using (var standard = new AmazonEC2Client(new BasicAWSCredentials("a", "b"), server.Config(retried)))
            await standard.CreateVpcAsync(request);
        Assert.Equal((1, 2), (retried.Faults, retried.Calls("CreateVpc")));
        Assert.Equal(2, (await sandbox.DescribeVpcsAsync([Ec2Filter.Tag(VpcTags.RequestId, "r-2")])).Count);
    }

    [Fact]
    public async Task A_request_and_its_teardown_run_through_the_sdk()
    {
        var (services, record) = await RunAsync(new Ec2CallFaults("none", Ec2Fault.AnswerLost));
        await using var _ = services;
        Assert.Equal(VpcStatus.Succeeded, record.Status);
        Assert.All(record.Steps, s => Assert.Equal(StepOutcomes.Ok, s.Outcome));
        var zones = await services.GetRequiredService<IEc2Api>().DescribeAvailabilityZonesAsync();
        Assert.Contains(zones, z => z.ZoneName == "us-east-1a" && z.State == "available");

        var deleted = await services.GetRequiredService<VpcTeardown>().TearDownAsync(record.RequestId, "bob", CancellationToken.None);

        Assert.Equal(VpcStatus.Deleted, deleted.Status);
        Assert.Empty(await VpcTestStack.TaggedAsync(services, record.RequestId));
    }

    [Fact]
    public async Task An_ec2_error_arrives_with_its_code_and_rolls_the_request_back()
    {
        // EC2 refuses the fourth mutating call (a subnet's create) with UnauthorizedOperation.
        var (services, record) = await RunAsync(new Ec2CallFaults("none", Ec2Fault.AnswerLost), VpcTestStack.Fault(4));
        await using var _ = services;

        Assert.Equal((VpcStatus.Failed, "UnauthorizedOperation", CleanupResult.Complete), (record.Status, record.ErrorCode, record.RollbackOutcome));
        Assert.Contains(record.Steps, s => s.Outcome == StepOutcomes.Failed && s.Detail!.StartsWith("UnauthorizedOperation: Injected fault", StringComparison.Ordinal));
        Assert.Empty(await VpcTestStack.TaggedAsync(services, record.RequestId));
    }

    private static async Task AssertOneOfEachAsync(Ec2Sandbox sandbox, VpcRecord record)
    {
        var byRequest = new[] { VpcTags.ByRequest(record.RequestId) };
        var vpc = Assert.Single(await sandbox.DescribeVpcsAsync([]));
        Assert.Equal(record.VpcId, vpc.VpcId);
        var subnets = await sandbox.DescribeSubnetsAsync(byRequest);
        Assert.Equal(record.Subnets.Count, subnets.Count);
        Assert.Equal(record.Subnets.Select(s => s.SubnetId).Order(), subnets.Select(s => (string?)s.SubnetId).Order());
        var gateway = Assert.Single(await sandbox.DescribeInternetGatewaysAsync([]));
        Assert.Equal((record.InternetGatewayId, vpc.VpcId), (gateway.InternetGatewayId, Assert.Single(gateway.Attachments).VpcId));
        var tables = await sandbox.DescribeRouteTablesAsync(byRequest);
        // The public route table and one private route table per zone.
        Assert.Equal(new[] { record.RouteTableId }.Concat(record.PrivateRouteTables.Select(t => t.RouteTableId)).Order(),
            tables.Select(t => (string?)t.RouteTableId).Order());
        Assert.Equal(3, tables.Count);
        var table = Assert.Single(tables, t => t.RouteTableId == record.RouteTableId);
        foreach (var priv in record.PrivateRouteTables)
        {
            var privateIds = record.Subnets.Where(s => s.Kind == SubnetKind.Private && s.AvailabilityZone == priv.AvailabilityZone).Select(s => s.SubnetId);
            Assert.Equal(privateIds, tables.Single(t => t.RouteTableId == priv.RouteTableId).Associations.Select(a => a.SubnetId));
        }
        Assert.Single(table.Routes, r => r.DestinationCidrBlock == VpcBuilder.DefaultRoute && r.GatewayId == gateway.InternetGatewayId);
        var publicIds = record.Subnets.Where(s => s.Kind == SubnetKind.Public).Select(s => s.SubnetId).Order().ToList();
        Assert.Equal(publicIds, table.Associations.Select(a => a.SubnetId).Order());
        Assert.Equal(table.Associations.Select(a => a.RouteTableAssociationId).Order(), record.RouteTableAssociationIds.Order());
    }
}
