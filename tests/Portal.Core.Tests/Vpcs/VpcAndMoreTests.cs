using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Networking;
using Portal.Core.Vpcs;
using Portal.Core.Vpcs.Sandbox;

namespace Portal.Core.Tests.Vpcs;

/// <summary>"VPC and more" end to end against the sandbox: NAT gateways, the S3 endpoint, IPv6, tenancy; a fault at
/// every mutating call of a full build, both kinds; the NAT gateway wait and its timeout; an idempotent re-run.</summary>
public sealed class VpcAndMoreTests
{
    /// <summary>Mutating calls of <see cref="VpcTestStack.FullRequest"/>: VPC, gateway, 2 Elastic IPs; 2 DNS attributes,
    /// 4 subnets, attachment, 3 route tables, egress-only gateway; 2 public-IP settings, 2 public routes (IPv4, IPv6),
    /// 4 associations, 2 private ::/0 routes, 2 NAT gateways, the S3 endpoint; 2 private 0.0.0.0/0 routes.</summary>
    public const int MutatingCallsOfFullRequest = 30;

    public static TheoryData<int> EveryMutatingCall() => [.. Enumerable.Range(1, MutatingCallsOfFullRequest)];

    [Fact]
    public async Task A_full_request_makes_nat_gateways_the_endpoint_ipv6_and_private_routes_and_records_them()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync(VpcTestStack.InstantNat());
        var ec2 = services.GetRequiredService<Ec2Sandbox>();

        var record = await VpcTestStack.SubmitAndRunAsync(services, VpcTestStack.FullRequest());

        Assert.Equal(VpcStatus.Succeeded, record.Status);
        Assert.Equal(MutatingCallsOfFullRequest, ec2.MutatingCalls);
        Assert.Equivalent(record, await services.GetRequiredService<VpcRecordStore>().GetAsync(record.RequestId), strict: true);
        var byRequest = new[] { VpcTags.ByRequest(record.RequestId) };

        var vpc = Assert.Single(await ec2.DescribeVpcsAsync(byRequest));
        Assert.Equal(("dedicated", record.Ipv6CidrBlock), (vpc.InstanceTenancy, vpc.Ipv6CidrBlock));
        Assert.EndsWith("::/56", vpc.Ipv6CidrBlock);
        var subnets = await ec2.DescribeSubnetsAsync(byRequest);
        Assert.All(record.Subnets, row => Assert.Equal(row.Ipv6CidrBlock, subnets.Single(s => s.SubnetId == row.SubnetId).Ipv6CidrBlock));
        Assert.Equal(4, subnets.Select(s => s.Ipv6CidrBlock).Distinct().Count());
        Assert.All(subnets, s => Assert.EndsWith("/64", s.Ipv6CidrBlock));

        // A NAT gateway per zone, each in its zone's public subnet with its own Elastic IP, available.
        var nats = await ec2.DescribeNatGatewaysAsync(byRequest);
        Assert.Equal(2, nats.Count);
        foreach (var planned in record.NatGateways)
        {
            var nat = nats.Single(n => n.NatGatewayId == planned.NatGatewayId);
            Assert.Equal(record.Subnets.Single(s => s.Name == planned.SubnetName).SubnetId, nat.SubnetId);
            Assert.Equal(SubnetKind.Public, record.Subnets.Single(s => s.Name == planned.SubnetName).Kind);
            Assert.Equal(planned.AvailabilityZone, record.Subnets.Single(s => s.Name == planned.SubnetName).AvailabilityZone);
            Assert.Equal((NatGatewayStates.Available, planned.AllocationId, planned.PublicIp), (nat.State, nat.AllocationId, nat.PublicIp));
            Assert.Equal(NatGatewayStates.Available, planned.State);
        }

        // Each zone's private route table: 0.0.0.0/0 to its zone's NAT gateway, ::/0 to the egress-only gateway, its subnets.
        var tables = await ec2.DescribeRouteTablesAsync(byRequest);
        var egress = Assert.Single(await ec2.DescribeEgressOnlyInternetGatewaysAsync(byRequest));
        Assert.Equal(record.EgressOnlyInternetGatewayId, egress.EgressOnlyInternetGatewayId);
        foreach (var planned in record.PrivateRouteTables)
        {
            var table = tables.Single(t => t.RouteTableId == planned.RouteTableId);
            var zoneNat = record.NatGateways.Single(n => n.AvailabilityZone == planned.AvailabilityZone);
            Assert.Equal(zoneNat.NatGatewayId, planned.NatGatewayId);
            Assert.Contains(table.Routes, r => r.DestinationCidrBlock == "0.0.0.0/0" && r.NatGatewayId == zoneNat.NatGatewayId);
            Assert.Contains(table.Routes, r => r.DestinationIpv6CidrBlock == "::/0" && r.EgressOnlyInternetGatewayId == egress.EgressOnlyInternetGatewayId);
            var privateIds = record.Subnets.Where(s => s.Kind == SubnetKind.Private && s.AvailabilityZone == planned.AvailabilityZone).Select(s => s.SubnetId);
            Assert.Equal(privateIds, table.Associations.Select(a => a.SubnetId));
            Assert.Equal(table.Associations.Select(a => a.RouteTableAssociationId), planned.AssociationIds);
        }

        var publicTable = tables.Single(t => t.RouteTableId == record.RouteTableId);
        Assert.Contains(publicTable.Routes, r => r.DestinationIpv6CidrBlock == "::/0" && r.GatewayId == record.InternetGatewayId);
        Assert.Contains(publicTable.Routes, r => r.DestinationCidrBlock == "0.0.0.0/0" && r.GatewayId == record.InternetGatewayId);

        // The S3 endpoint on the private route tables.
        var endpoint = Assert.Single(await ec2.DescribeVpcEndpointsAsync(byRequest));
        Assert.Equal((record.S3EndpointId, "com.amazonaws.us-east-1.s3", "Gateway"), (endpoint.VpcEndpointId, endpoint.ServiceName, endpoint.VpcEndpointType));
        Assert.Equal(record.PrivateRouteTables.Select(t => t.RouteTableId).Order(), endpoint.RouteTableIds.Order());
        Assert.All(record.Steps, s => Assert.Equal(StepOutcomes.Ok, s.Outcome));
    }

    [Fact]
    public async Task A_single_nat_gateway_serves_every_zone_from_the_first_zones_public_subnet()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync(VpcTestStack.InstantNat());

        var record = await VpcTestStack.SubmitAndRunAsync(services, VpcTestStack.TwoZoneRequest() with { NatGatewayMode = NatGatewayMode.Single });

        Assert.Equal(VpcStatus.Succeeded, record.Status);
        var nat = Assert.Single(record.NatGateways);
        Assert.Equal(("us-east-1a", "public-a"), (nat.AvailabilityZone, nat.SubnetName));
        Assert.Equal(2, record.PrivateRouteTables.Count);
        Assert.All(record.PrivateRouteTables, t => Assert.Equal(nat.NatGatewayId, t.NatGatewayId));
        Assert.Null(record.EgressOnlyInternetGatewayId);
        Assert.Null(record.S3EndpointId);
    }

    [Theory]
    [MemberData(nameof(EveryMutatingCall))]
    public async Task An_ec2_error_at_any_call_of_a_full_build_rolls_back_everything(int failAt)
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync(VpcTestStack.InstantNat(VpcTestStack.Fault(failAt, code: "UnauthorizedOperation")));
        var requestId = VpcTestStack.NewRequestId();

        var record = await VpcTestStack.SubmitAndRunAsync(services, VpcTestStack.FullRequest(), requestId);

        Assert.Equal((VpcStatus.Failed, "UnauthorizedOperation", "complete"), (record.Status, record.ErrorCode, record.RollbackOutcome));
        Assert.Contains($"mutating call {failAt}", record.ErrorMessage);
        Assert.Empty(await VpcTestStack.TaggedAsync(services, requestId));
        Assert.Empty(await services.GetRequiredService<Ec2Sandbox>().DescribeVpcsAsync([]));
        Assert.Empty(await services.GetRequiredService<Ec2Sandbox>().DescribeAddressesAsync([]));
        Assert.Single(record.Steps, s => s.Outcome == StepOutcomes.Failed && s.Name != "Failed");
        Assert.Equivalent(record, await services.GetRequiredService<VpcRecordStore>().GetAsync(requestId), strict: true);
    }

    [Theory]
    [MemberData(nameof(EveryMutatingCall))]
    public async Task A_crash_after_any_call_of_a_full_build_is_rolled_back_by_the_reconciler(int crashAt)
    {
        var stack = new VpcTestStack();
        var requestId = VpcTestStack.NewRequestId();
        await using (var crashing = await stack.StartAsync(VpcTestStack.InstantNat(VpcTestStack.Fault(crashAt, SandboxFault.Crash))))
        {
            var provisioning = crashing.GetRequiredService<VpcProvisioning>();
            await provisioning.SubmitAsync(VpcTestStack.FullRequest(), requestId, "alice", CancellationToken.None);
            await Assert.ThrowsAsync<SimulatedCrashException>(() => provisioning.RunAsync(requestId, CancellationToken.None));
            Assert.Equal(VpcStatus.InProgress, (await crashing.GetRequiredService<VpcRecordStore>().GetAsync(requestId))!.Status);
            Assert.NotEmpty(await VpcTestStack.TaggedAsync(crashing, requestId));
        }

        stack.Clock.Advance(TimeSpan.FromMinutes(3));
        await using var restarted = await stack.StartAsync(VpcTestStack.InstantNat());
        var record = Assert.Single(await restarted.GetRequiredService<VpcReconciler>().ReconcileOnceAsync(CancellationToken.None));

        Assert.Equal((VpcStatus.Failed, VpcProvisioning.InterruptedCode, "complete"), (record.Status, record.ErrorCode, record.RollbackOutcome));
        Assert.Empty(await VpcTestStack.TaggedAsync(restarted, requestId));
        Assert.Empty(await restarted.GetRequiredService<Ec2Sandbox>().DescribeVpcsAsync([]));
        Assert.Empty(await restarted.GetRequiredService<Ec2Sandbox>().DescribeAddressesAsync([]));
    }

    [Fact]
    public async Task The_build_waits_for_the_nat_gateways_to_become_available_then_routes_to_them()
    {
        var stack = new VpcTestStack();
        // Real time here: the NAT gateways become available 300 ms after they are made.
        await using var services = await stack.StartAsync(new Dictionary<string, string?>
        {
            ["Portal:Sandbox:NatAvailableAfter"] = "00:00:00.300",
            ["Portal:Sandbox:NatDeletedAfter"] = "00:00:00.100",
            ["Portal:Vpcs:NatPollInterval"] = "00:00:00.050",
        }, s => s.AddSingleton(TimeProvider.System));

        var record = await VpcTestStack.SubmitAndRunAsync(services, VpcTestStack.TwoZoneRequest() with { NatGatewayMode = NatGatewayMode.PerZone });

        Assert.Equal(VpcStatus.Succeeded, record.Status);
        Assert.Contains(record.Steps, s => s.Name == "CreateNatGateway us-east-1a" && s.Detail!.EndsWith("(pending)", StringComparison.Ordinal));
        var available = record.Steps.Single(s => s.Name == "WaitNatGateway us-east-1a" && s.Detail!.EndsWith(" available", StringComparison.Ordinal));
        var routed = record.Steps.Single(s => s.Name == "CreateRoute private us-east-1a");
        Assert.True(routed.At >= available.At);
        Assert.All(record.NatGateways, n => Assert.Equal(NatGatewayStates.Available, n.State));

        // Teardown deletes the NAT gateways, waits until they are deleted, then releases the addresses.
        var deleted = await services.GetRequiredService<VpcTeardown>().TearDownAsync(record.RequestId, "bob", CancellationToken.None);
        Assert.Equal(VpcStatus.Deleted, deleted.Status);
        var names = deleted.Steps.Select(s => s.Name).ToList();
        Assert.True(names.LastIndexOf("NatGatewayDeleted") < names.IndexOf("ReleaseAddress"));
        Assert.True(names.LastIndexOf("NatGatewayDeleted") < names.IndexOf("DeleteSubnet"));
        Assert.Empty(await VpcTestStack.TaggedAsync(services, record.RequestId));
        Assert.Empty(await services.GetRequiredService<Ec2Sandbox>().DescribeAddressesAsync([]));
    }

    [Fact]
    public async Task A_nat_gateway_still_pending_after_the_timeout_fails_the_request_and_rolls_back()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync(new Dictionary<string, string?>
        {
            ["Portal:Sandbox:NatAvailableAfter"] = "01:00:00",
            ["Portal:Sandbox:NatDeletedAfter"] = "00:00:00.100",
            ["Portal:Vpcs:NatAvailableTimeout"] = "00:00:00.400",
            ["Portal:Vpcs:NatPollInterval"] = "00:00:00.050",
        }, s => s.AddSingleton(TimeProvider.System));

        var record = await VpcTestStack.SubmitAndRunAsync(services, VpcTestStack.TwoZoneRequest() with { NatGatewayMode = NatGatewayMode.Single });

        Assert.Equal((VpcStatus.Failed, VpcBuilder.NatTimeoutCode, "complete"), (record.Status, record.ErrorCode, record.RollbackOutcome));
        Assert.Contains("NatAvailableTimeout", record.ErrorMessage);
        Assert.DoesNotContain(record.Steps, s => s.Name.StartsWith("CreateRoute private", StringComparison.Ordinal) && s.Outcome == StepOutcomes.Ok);
        Assert.Contains(record.Steps, s => s.Name == "DeleteNatGateway" && s.Outcome == StepOutcomes.RolledBack);
        Assert.Empty(await VpcTestStack.TaggedAsync(services, record.RequestId));
        Assert.Empty(await services.GetRequiredService<Ec2Sandbox>().DescribeAddressesAsync([]));
    }

    [Fact]
    public async Task A_nat_gateway_that_fails_fails_the_request_at_once_with_its_failure_code_and_rolls_back()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync(VpcTestStack.InstantNat(new Dictionary<string, string?>
        {
            ["Portal:Sandbox:NatFailureCode"] = "InsufficientFreeAddressesInSubnet",
            // Were the failure not seen, the wait would run into this timeout and fail with another code.
            ["Portal:Vpcs:NatAvailableTimeout"] = "00:05:00",
        }));

        var record = await VpcTestStack.SubmitAndRunAsync(services, VpcTestStack.TwoZoneRequest() with { NatGatewayMode = NatGatewayMode.PerZone });

        Assert.Equal((VpcStatus.Failed, "InsufficientFreeAddressesInSubnet", "complete"), (record.Status, record.ErrorCode, record.RollbackOutcome));
        Assert.Contains(record.Steps, s => s.Name.StartsWith("WaitNatGateway", StringComparison.Ordinal) && s.Outcome == StepOutcomes.Failed);
        Assert.Empty(await VpcTestStack.TaggedAsync(services, record.RequestId));
        Assert.Empty(await services.GetRequiredService<Ec2Sandbox>().DescribeAddressesAsync([]));
    }

    [Fact]
    public async Task Running_a_full_request_again_reuses_everything_it_made()
    {
        var stack = new VpcTestStack();
        await using var services = await stack.StartAsync(VpcTestStack.InstantNat());
        var ec2 = services.GetRequiredService<Ec2Sandbox>();
        var first = await VpcTestStack.SubmitAndRunAsync(services, VpcTestStack.FullRequest());
        Assert.Equal(VpcStatus.Succeeded, first.Status);
        var made = await VpcTestStack.TaggedAsync(services, first.RequestId);

        // As if the first run had died just before it recorded Succeeded: the same request runs again.
        var store = services.GetRequiredService<VpcRecordStore>();
        await store.SaveAsync((await store.GetAsync(first.RequestId))! with { Status = VpcStatus.Pending });
        var again = await services.GetRequiredService<VpcProvisioning>().RunAsync(first.RequestId, CancellationToken.None);

        Assert.Equal(VpcStatus.Succeeded, again.Status);
        Assert.Equal(made.Order(), (await VpcTestStack.TaggedAsync(services, first.RequestId)).Order());
        // Only the two DNS attribute settings are sent again (they set a value; there is nothing to find).
        Assert.Equal(MutatingCallsOfFullRequest + 2, ec2.MutatingCalls);
        var rerun = again.Steps.Skip(first.Steps.Count).ToList();
        Assert.Equal("Started", rerun[0].Name);
        Assert.All(rerun.Where(s => s.Name.StartsWith("Create", StringComparison.Ordinal) || s.Name.StartsWith("Associate", StringComparison.Ordinal)
            || s.Name.StartsWith("Allocate", StringComparison.Ordinal) || s.Name.StartsWith("Attach", StringComparison.Ordinal)),
            s => Assert.Equal(StepOutcomes.Reused, s.Outcome));
        Assert.Equal((first.VpcId, first.S3EndpointId, first.EgressOnlyInternetGatewayId), (again.VpcId, again.S3EndpointId, again.EgressOnlyInternetGatewayId));
        Assert.Equal(first.NatGateways.Select(n => n.NatGatewayId), again.NatGateways.Select(n => n.NatGatewayId));
    }
}
