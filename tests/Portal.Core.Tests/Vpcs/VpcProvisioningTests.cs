using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Networking;
using Portal.Core.Vpcs;
using Portal.Core.Vpcs.Sandbox;

namespace Portal.Core.Tests.Vpcs;

/// <summary>The VPC workflow end to end against the sandbox and the local DynamoDB.</summary>
public sealed class VpcProvisioningTests
{
    /// <summary>Mutating calls of <see cref="VpcTestStack.TwoZoneRequest"/>: VPC, 2 DNS attributes, 4 subnets,
    /// 2 public-IP settings, gateway create and attach, public route table, default route, 2 public associations,
    /// 2 private route tables (one per zone) and their 2 associations.</summary>
    public const int MutatingCallsOfTwoZoneRequest = 19;

    public static TheoryData<int> EveryMutatingCall() => [.. Enumerable.Range(1, MutatingCallsOfTwoZoneRequest)];

    [Fact]
    public async Task A_request_creates_every_resource_tagged_and_records_the_ids()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync();
        var ec2 = services.GetRequiredService<Ec2Sandbox>();

        var record = await VpcTestStack.SubmitAndRunAsync(services, VpcTestStack.TwoZoneRequest());

        Assert.Equal(VpcStatus.Succeeded, record.Status);
        Assert.Equal(MutatingCallsOfTwoZoneRequest, ec2.MutatingCalls);
        Assert.True(record.Sandbox);
        Assert.Equal("us-east-1", record.Region);
        Assert.Equivalent(record, await services.GetRequiredService<VpcRecordStore>().GetAsync(record.RequestId), strict: true);

        var vpc = (await ec2.DescribeVpcsAsync([VpcTags.ByRequest(record.RequestId)])).Single();
        Assert.Equal(record.VpcId, vpc.VpcId);
        Assert.Equal("10.0.0.0/16", vpc.CidrBlock);
        Assert.Contains(new Ec2Tag("Name", "orders"), vpc.Tags);
        Assert.Contains(new Ec2Tag("portal:managed", "true"), vpc.Tags);
        Assert.Contains(new Ec2Tag("team", "payments"), vpc.Tags);

        var subnets = await ec2.DescribeSubnetsAsync([VpcTags.ByRequest(record.RequestId)]);
        Assert.Equal(4, subnets.Count);
        Assert.All(subnets, s => Assert.Equal(vpc.VpcId, s.VpcId));
        Assert.Equal(record.Subnets.Select(s => s.SubnetId).Order(), subnets.Select(s => (string?)s.SubnetId).Order());
        foreach (var row in record.Subnets)
        {
            var subnet = subnets.Single(s => s.SubnetId == row.SubnetId);
            Assert.Equal((row.Cidr, row.AvailabilityZone, row.Kind == SubnetKind.Public), (subnet.CidrBlock, subnet.AvailabilityZone, subnet.MapPublicIpOnLaunch));
            Assert.Contains(new Ec2Tag("portal:resource", "subnet:" + row.Name), subnet.Tags);
        }

        var gateway = (await ec2.DescribeInternetGatewaysAsync([VpcTags.ByRequest(record.RequestId)])).Single();
        Assert.Equal(record.InternetGatewayId, gateway.InternetGatewayId);
        Assert.Equal(vpc.VpcId, gateway.Attachments.Single().VpcId);

        var table = (await ec2.DescribeRouteTablesAsync([VpcTags.ByRequest(record.RequestId)])).Single(t => t.RouteTableId == record.RouteTableId);
        Assert.Equal(record.RouteTableId, table.RouteTableId);
        Assert.Contains(table.Routes, r => r.DestinationCidrBlock == "0.0.0.0/0" && r.GatewayId == gateway.InternetGatewayId);
        var publicIds = record.Subnets.Where(s => s.Kind == SubnetKind.Public).Select(s => s.SubnetId).Order();
        Assert.Equal(publicIds, table.Associations.Select(a => a.SubnetId).Order());
        Assert.Equal(table.Associations.Select(a => a.RouteTableAssociationId).Order(), record.RouteTableAssociationIds.Order());

        Assert.Equal("Submitted", record.Steps[0].Name);
        Assert.Equal("Succeeded", record.Steps[^1].Name);
        Assert.All(record.Steps, s => Assert.Equal(StepOutcomes.Ok, s.Outcome));
        Assert.Contains(record.Steps, s => s.Name == "CreateVpc" && s.Detail == vpc.VpcId);
    }

    [Fact]
    public async Task The_internet_gateway_can_be_turned_off()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync();
        var request = VpcTestStack.TwoZoneRequest() with { PublicSubnetsPerZone = 0, PrivateSubnetsPerZone = 2 };
        Assert.False(request.WillCreateInternetGateway);

        var record = await VpcTestStack.SubmitAndRunAsync(services, request);

        Assert.Equal(VpcStatus.Succeeded, record.Status);
        Assert.Null(record.InternetGatewayId);
        Assert.Null(record.RouteTableId);
        Assert.Empty(await services.GetRequiredService<Ec2Sandbox>().DescribeInternetGatewaysAsync([]));
        Assert.Equal(4, record.Subnets.Count(s => s.SubnetId is not null));
    }

    [Theory]
    [MemberData(nameof(EveryMutatingCall))]
    public async Task A_fault_at_any_step_rolls_back_everything_and_records_Failed(int failAt)
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync(VpcTestStack.Fault(failAt, code: "UnauthorizedOperation"));
        var requestId = VpcTestStack.NewRequestId();

        var record = await VpcTestStack.SubmitAndRunAsync(services, VpcTestStack.TwoZoneRequest(), requestId);

        Assert.Equal(VpcStatus.Failed, record.Status);
        Assert.Equal("UnauthorizedOperation", record.ErrorCode);
        Assert.Contains($"mutating call {failAt}", record.ErrorMessage);
        Assert.Equal("complete", record.RollbackOutcome);
        Assert.Empty(await VpcTestStack.TaggedAsync(services, requestId));
        Assert.Empty(await services.GetRequiredService<Ec2Sandbox>().DescribeVpcsAsync([]));
        Assert.Single(record.Steps, s => s.Outcome == StepOutcomes.Failed && s.Name != "Failed" && s.Detail!.StartsWith("UnauthorizedOperation", StringComparison.Ordinal));
        // The VPC, when made (the graph runs independent creates at once), is rolled back.
        Assert.Equal(record.Steps.Any(s => s.Name == "CreateVpc" && s.Outcome == StepOutcomes.Ok), record.Steps.Any(s => s.Outcome == StepOutcomes.RolledBack && s.Name == "DeleteVpc"));
        Assert.Equivalent(record, await services.GetRequiredService<VpcRecordStore>().GetAsync(requestId), strict: true);
    }

    [Fact]
    public async Task The_sixth_vpc_fails_with_VpcLimitExceeded_and_rolls_back_cleanly()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync();
        for (var i = 0; i < 5; i++)
            Assert.Equal(VpcStatus.Succeeded, (await VpcTestStack.SubmitAndRunAsync(services, VpcTestStack.TwoZoneRequest($"vpc{i}", $"10.{i}.0.0/16"))).Status);

        var sixth = await VpcTestStack.SubmitAndRunAsync(services, VpcTestStack.TwoZoneRequest("vpc6", "10.6.0.0/16"));

        Assert.Equal(VpcStatus.Failed, sixth.Status);
        Assert.Equal("VpcLimitExceeded", sixth.ErrorCode);
        Assert.Equal("The maximum number of VPCs has been reached.", sixth.ErrorMessage);
        Assert.Equal("complete", sixth.RollbackOutcome);
        Assert.Empty(await VpcTestStack.TaggedAsync(services, sixth.RequestId));
        Assert.Equal(5, (await services.GetRequiredService<Ec2Sandbox>().DescribeVpcsAsync([])).Count);
    }

    [Fact]
    public async Task Submitting_twice_and_running_twice_at_once_creates_one_vpc()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync(new Dictionary<string, string?> { ["Portal:Sandbox:CallLatency"] = "00:00:00.020" });
        var provisioning = services.GetRequiredService<VpcProvisioning>();
        var requestId = VpcTestStack.NewRequestId();

        var first = await provisioning.SubmitAsync(VpcTestStack.TwoZoneRequest(), requestId, "alice", CancellationToken.None);
        var second = await provisioning.SubmitAsync(VpcTestStack.TwoZoneRequest("other-name"), requestId, "bob", CancellationToken.None);
        Assert.Equivalent(first, second, strict: true);
        Assert.Equal("alice", second.RequestedBy);

        var runs = await Task.WhenAll(provisioning.RunAsync(requestId, CancellationToken.None), provisioning.RunAsync(requestId, CancellationToken.None));

        Assert.Contains(runs, r => r.Status == VpcStatus.Succeeded);
        Assert.Equal(VpcStatus.Succeeded, (await services.GetRequiredService<VpcRecordStore>().GetAsync(requestId))!.Status);
        Assert.Single(await services.GetRequiredService<Ec2Sandbox>().DescribeVpcsAsync([]));
        Assert.Equal(4, (await services.GetRequiredService<Ec2Sandbox>().DescribeSubnetsAsync([])).Count);

        // Running a finished request again changes nothing.
        Assert.Equal(VpcStatus.Succeeded, (await provisioning.RunAsync(requestId, CancellationToken.None)).Status);
        Assert.Equal(MutatingCallsOfTwoZoneRequest, services.GetRequiredService<Ec2Sandbox>().MutatingCalls);
    }

    [Fact]
    public async Task A_retry_reuses_what_an_earlier_attempt_created_instead_of_creating_it_again()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync();
        var provisioning = services.GetRequiredService<VpcProvisioning>();
        var ec2 = services.GetRequiredService<Ec2Sandbox>();
        var requestId = VpcTestStack.NewRequestId();
        var pending = await provisioning.SubmitAsync(VpcTestStack.TwoZoneRequest(), requestId, "alice", CancellationToken.None);
        // An attempt that died after CreateVpc and one CreateSubnet, before it could record them.
        var earlierVpc = await ec2.CreateVpcAsync(pending.Cidr, VpcTags.For(pending, VpcTags.VpcResource, pending.Name));
        var row = pending.Subnets[0];
        var earlierSubnet = await ec2.CreateSubnetAsync(earlierVpc.VpcId, row.Cidr, row.AvailabilityZone, VpcTags.For(pending, VpcTags.SubnetResource(row.Name), row.Name));

        var record = await provisioning.RunAsync(requestId, CancellationToken.None);

        Assert.Equal(VpcStatus.Succeeded, record.Status);
        Assert.Equal(earlierVpc.VpcId, record.VpcId);
        Assert.Equal(earlierSubnet.SubnetId, record.Subnets[0].SubnetId);
        Assert.Single(await ec2.DescribeVpcsAsync([]));
        Assert.Equal(4, (await ec2.DescribeSubnetsAsync([])).Count);
        Assert.Contains(record.Steps, s => s.Name == "CreateVpc" && s.Outcome == StepOutcomes.Reused);
        Assert.Contains(record.Steps, s => s.Name == "CreateSubnet " + row.Name && s.Outcome == StepOutcomes.Reused);
    }

    [Fact]
    public async Task An_invalid_request_is_rejected_with_its_issues_and_nothing_is_recorded()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync();
        var requestId = VpcTestStack.NewRequestId();

        var rejected = await Assert.ThrowsAsync<VpcRequestRejectedException>(() => services.GetRequiredService<VpcProvisioning>()
            .SubmitAsync(VpcTestStack.TwoZoneRequest(cidr: "10.0.0.0/8"), requestId, "alice", CancellationToken.None));

        Assert.Contains(rejected.Issues, i => i.Field == "Cidr" && i.Severity == IssueSeverity.Error);
        Assert.Null(await services.GetRequiredService<VpcRecordStore>().GetAsync(requestId));
        await Assert.ThrowsAsync<ArgumentException>(() => services.GetRequiredService<VpcProvisioning>()
            .SubmitAsync(VpcTestStack.TwoZoneRequest(), "not-a-guid", "alice", CancellationToken.None));
    }

    [Fact]
    public async Task A_submitted_request_is_run_by_the_background_runner()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync();
        await VpcTestStack.WithHostedServicesAsync(services, async () =>
        {
            var submitted = await services.GetRequiredService<VpcProvisioning>()
                .SubmitAsync(VpcTestStack.TwoZoneRequest(), VpcTestStack.NewRequestId(), "alice", CancellationToken.None);
            Assert.Equal(VpcStatus.Pending, submitted.Status);

            var record = await WaitForAsync(services, submitted.RequestId, r => r.IsFinished);
            Assert.Equal(VpcStatus.Succeeded, record.Status);
        });
    }

    [Fact]
    public async Task Records_list_newest_first_and_a_stale_save_is_refused()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync();
        var provisioning = services.GetRequiredService<VpcProvisioning>();
        var store = services.GetRequiredService<VpcRecordStore>();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await provisioning.SubmitAsync(VpcTestStack.TwoZoneRequest($"v{i}"), VpcTestStack.NewRequestId(), "alice", CancellationToken.None)).RequestId);
            stack.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([ids[2], ids[1]], (await store.ListRecentAsync(2)).Select(r => r.RequestId));

        var read = (await store.GetAsync(ids[0]))!;
        await store.SaveAsync(read with { Name = "renamed" });
        await Assert.ThrowsAsync<VpcRecordConflictException>(() => store.SaveAsync(read with { Name = "lost update" }));
        Assert.Equal("renamed", (await store.GetAsync(ids[0]))!.Name);
    }

    [Fact]
    public void Bad_workflow_settings_stop_start_up_with_the_key_named()
    {
        var errors = new VpcOptionsValidator().Validate(null, new VpcOptions { MaxConcurrentCalls = 0, StaleAfter = TimeSpan.FromSeconds(-1) });
        Assert.True(errors.Failed);
        Assert.Contains("Portal:Vpcs:MaxConcurrentCalls must be 1 to 20 (got 0)", errors.FailureMessage);
        Assert.Contains("Portal:Vpcs:StaleAfter must not be negative", errors.FailureMessage);
    }

    [Fact]
    public async Task Bad_workflow_settings_are_refused_when_the_options_are_read()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync(new Dictionary<string, string?> { ["Portal:Vpcs:MaxConcurrentCalls"] = "50" });
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VpcOptions>>().Value);
        Assert.Contains("MaxConcurrentCalls", error.Message);
    }

    internal static async Task<VpcRecord> WaitForAsync(IServiceProvider services, string requestId, Func<VpcRecord, bool> done)
    {
        var store = services.GetRequiredService<VpcRecordStore>();
        for (var i = 0; i < 200; i++)
        {
            if (await store.GetAsync(requestId) is { } record && done(record))
                return record;
            await Task.Delay(50);
        }

        throw new TimeoutException($"VPC request {requestId} did not reach the expected state in 10 s.");
    }
}
