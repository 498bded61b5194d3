using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Vpcs;
using Portal.Core.Vpcs.Sandbox;

namespace Portal.Core.Tests.Vpcs;

/// <summary>Crashes, the reconciler, and teardown (which shares its delete code with rollback).</summary>
public sealed class VpcRecoveryTests
{
    private static readonly TimeSpan PastStale = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData(1)]  // CreateVpc took effect but its id was never recorded.
    [InlineData(6)]  // mid-way through the subnets
    [InlineData(12)] // among the route tables and associations
    public async Task After_a_crash_the_reconciler_rolls_back_what_was_created(int crashAt)
    {
        var stack = new VpcTestStack();
        var requestId = VpcTestStack.NewRequestId();
        await using (var crashing = await stack.StartAsync(VpcTestStack.Fault(crashAt, SandboxFault.Crash)))
        {
            var provisioning = crashing.GetRequiredService<VpcProvisioning>();
            await provisioning.SubmitAsync(VpcTestStack.TwoZoneRequest(), requestId, "alice", CancellationToken.None);
            await Assert.ThrowsAsync<SimulatedCrashException>(() => provisioning.RunAsync(requestId, CancellationToken.None));
            Assert.Equal(VpcStatus.InProgress, (await crashing.GetRequiredService<VpcRecordStore>().GetAsync(requestId))!.Status);
            Assert.NotEmpty(await VpcTestStack.TaggedAsync(crashing, requestId));
        }

        // The portal starts again later.
        stack.Clock.Advance(PastStale);
        await using var restarted = await stack.StartAsync();
        var handled = await restarted.GetRequiredService<VpcReconciler>().ReconcileOnceAsync(CancellationToken.None);

        var record = Assert.Single(handled);
        Assert.Equal(requestId, record.RequestId);
        Assert.Equal(VpcStatus.Failed, record.Status);
        Assert.Equal(VpcProvisioning.InterruptedCode, record.ErrorCode);
        Assert.Equal("complete", record.RollbackOutcome);
        Assert.Empty(await VpcTestStack.TaggedAsync(restarted, requestId));
        Assert.Empty(await restarted.GetRequiredService<Ec2Sandbox>().DescribeVpcsAsync([]));
    }

    [Fact]
    public async Task The_reconciler_leaves_work_that_is_still_fresh_alone()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync(VpcTestStack.Fault(3, SandboxFault.Crash));
        var requestId = VpcTestStack.NewRequestId();
        var provisioning = services.GetRequiredService<VpcProvisioning>();
        await provisioning.SubmitAsync(VpcTestStack.TwoZoneRequest(), requestId, "alice", CancellationToken.None);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => provisioning.RunAsync(requestId, CancellationToken.None));

        stack.Clock.Advance(TimeSpan.FromSeconds(30)); // another instance may still be working on it
        Assert.Empty(await services.GetRequiredService<VpcReconciler>().ReconcileOnceAsync(CancellationToken.None));
        Assert.Equal(VpcStatus.InProgress, (await services.GetRequiredService<VpcRecordStore>().GetAsync(requestId))!.Status);
        Assert.Single(await services.GetRequiredService<Ec2Sandbox>().DescribeVpcsAsync([]));
    }

    [Fact]
    public async Task The_reconciler_runs_on_start_and_queues_requests_left_pending()
    {
        var stack = new VpcTestStack();
        var requestId = VpcTestStack.NewRequestId();
        await using (var before = await stack.StartAsync())
            await before.GetRequiredService<VpcProvisioning>().SubmitAsync(VpcTestStack.TwoZoneRequest(), requestId, "alice", CancellationToken.None);

        // The process died with the request still queued in memory.
        stack.Clock.Advance(PastStale);
        await using var restarted = await stack.StartAsync();
        await VpcTestStack.WithHostedServicesAsync(restarted, async () =>
        {
            var record = await VpcProvisioningTests.WaitForAsync(restarted, requestId, r => r.IsFinished);
            Assert.Equal(VpcStatus.Succeeded, record.Status);
            Assert.Single(await restarted.GetRequiredService<Ec2Sandbox>().DescribeVpcsAsync([]));
        });
    }

    [Fact]
    public async Task Teardown_deletes_everything_and_records_who_and_when()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync();
        var provisioning = services.GetRequiredService<VpcProvisioning>();
        var teardown = services.GetRequiredService<VpcTeardown>();
        var requestId = VpcTestStack.NewRequestId();
        await provisioning.SubmitAsync(VpcTestStack.TwoZoneRequest(), requestId, "alice", CancellationToken.None);
        Assert.Equal(VpcStatus.Succeeded, (await provisioning.RunAsync(requestId, CancellationToken.None)).Status);
        stack.Clock.Advance(TimeSpan.FromHours(1));

        var record = await teardown.TearDownAsync(requestId, "bob", CancellationToken.None);

        Assert.Equal(VpcStatus.Deleted, record.Status);
        Assert.Equal("bob", record.DeletedBy);
        Assert.Equal(stack.Clock.GetUtcNow(), record.DeletedAt);
        Assert.Empty(await VpcTestStack.TaggedAsync(services, requestId));
        Assert.Empty(await services.GetRequiredService<Ec2Sandbox>().DescribeVpcsAsync([]));
        // Stage by stage (each stage's deletes at once, so in any order within it): associations; subnets and the
        // gateway's detachment; route tables and the gateway; the VPC.
        var deleted = record.Steps.Where(s => s.Outcome == StepOutcomes.Deleted).Select(s => s.Name).ToList();
        Assert.Equal(["DisassociateRouteTable", "DisassociateRouteTable", "DisassociateRouteTable", "DisassociateRouteTable"], deleted[..4]);
        Assert.Equal(["DeleteSubnet", "DeleteSubnet", "DeleteSubnet", "DeleteSubnet", "DetachInternetGateway"], deleted[4..9].Order());
        Assert.Equal(["DeleteInternetGateway", "DeleteRouteTable", "DeleteRouteTable", "DeleteRouteTable"], deleted[9..13].Order());
        Assert.Equal(["DeleteVpc"], deleted[13..]);
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => teardown.TearDownAsync(requestId, "bob", CancellationToken.None));
        Assert.Contains("already torn down", again.Message);
    }

    [Fact]
    public async Task A_failed_teardown_says_what_is_left_and_can_be_retried()
    {
        var stack = new VpcTestStack();
        // The teardown's mutating calls: 4 disassociations, 4 subnets and the detachment, 3 route tables and the
        // gateway, then the VPC: its 14th is DeleteVpc.
        await using var services = await stack.StartAsync(VpcTestStack.Fault(VpcProvisioningTests.MutatingCallsOfTwoZoneRequest + 14));
        var provisioning = services.GetRequiredService<VpcProvisioning>();
        var teardown = services.GetRequiredService<VpcTeardown>();
        var requestId = VpcTestStack.NewRequestId();
        await provisioning.SubmitAsync(VpcTestStack.TwoZoneRequest(), requestId, "alice", CancellationToken.None);
        await provisioning.RunAsync(requestId, CancellationToken.None);

        var failed = await teardown.TearDownAsync(requestId, "bob", CancellationToken.None);

        Assert.Equal(VpcStatus.DeleteFailed, failed.Status);
        Assert.Equal("UnauthorizedOperation", failed.ErrorCode);
        // Everything else went; the VPC is what is left.
        Assert.Matches("^left: vpc-[0-9a-f]{17} \\(UnauthorizedOperation\\)$", failed.RollbackOutcome);
        Assert.Equal(["vpc"], (await VpcTestStack.TaggedAsync(services, requestId)).Select(line => line.Split(' ')[0]));

        var retried = await teardown.TearDownAsync(requestId, "carol", CancellationToken.None);
        Assert.Equal(VpcStatus.Deleted, retried.Status);
        Assert.Equal("carol", retried.DeletedBy);
        Assert.Empty(await VpcTestStack.TaggedAsync(services, requestId));
    }

    [Fact]
    public async Task Only_a_finished_request_can_be_torn_down()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync();
        var requestId = VpcTestStack.NewRequestId();
        await services.GetRequiredService<VpcProvisioning>().SubmitAsync(VpcTestStack.TwoZoneRequest(), requestId, "alice", CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            services.GetRequiredService<VpcTeardown>().TearDownAsync(requestId, "bob", CancellationToken.None));
        Assert.Contains("is Pending; wait until it has finished", error.Message);
        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            services.GetRequiredService<VpcTeardown>().TearDownAsync(VpcTestStack.NewRequestId(), "bob", CancellationToken.None));
    }
}
