using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Vpcs;
using Portal.Core.Vpcs.Sandbox;

namespace Portal.Core.Tests.Vpcs;

/// <summary>
/// The VPC services on the real local stack, with tables of their own (so no other test's VPCs count towards the
/// sandbox's 5-per-region limit). <see cref="StartAsync"/> is "the portal process": call it again with other settings
/// to simulate a restart over the same tables.
/// </summary>
internal sealed class VpcTestStack
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];

    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public string VpcTable => "vpcs-" + _suffix;

    public string SandboxTable => "ec2sandbox-" + _suffix;

    /// <param name="configure">Registrations over the portal's own (e.g. another <see cref="IEc2Api"/>).</param>
    public async Task<ServiceProvider> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var stack = await LocalStack.Shared;
        var merged = new Dictionary<string, string?>
        {
            ["Portal:Aws:Tables:Vpcs"] = VpcTable,
            ["Portal:Aws:Tables:Ec2Sandbox"] = SandboxTable,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            merged[key] = value;
        var services = stack.Services((s, configuration) =>
        {
            s.AddVpcs(configuration).AddSingleton<TimeProvider>(Clock);
            configure?.Invoke(s);
        }, merged);
        await LocalStack.EnsureResourcesAsync(services);
        return services;
    }

    /// <summary>Runs <paramref name="body"/> with the hosted services (runner, reconciler) started, as in the portal.</summary>
    public static async Task WithHostedServicesAsync(IServiceProvider services, Func<Task> body)
    {
        var hosted = services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().ToList();
        foreach (var service in hosted)
            await service.StartAsync(CancellationToken.None);
        try
        {
            await body();
        }
        finally
        {
            foreach (var service in hosted)
                await service.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Two zones, one public and one private subnet in each, internet gateway on (by default).</summary>
    public static VpcRequest TwoZoneRequest(string name = "orders", string cidr = "10.0.0.0/16") => new()
    {
        Name = name,
        Cidr = cidr,
        AvailabilityZones = ["us-east-1a", "us-east-1b"],
        PublicSubnetsPerZone = 1,
        PrivateSubnetsPerZone = 1,
        Tags = [new("team", "payments")],
    };

    /// <summary><see cref="TwoZoneRequest"/> with everything "VPC and more" offers: a NAT gateway per zone, the S3
    /// endpoint, IPv6 and dedicated tenancy.</summary>
    public static VpcRequest FullRequest(string name = "orders") => TwoZoneRequest(name) with
    {
        NatGatewayMode = NatGatewayMode.PerZone,
        S3GatewayEndpoint = true,
        Ipv6 = true,
        Tenancy = VpcTenancy.Dedicated,
    };

    /// <summary>NAT gateways available and deleted at once on the test's (frozen) clock, polled often.</summary>
    public static Dictionary<string, string?> InstantNat(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Portal:Sandbox:NatAvailableAfter"] = "00:00:00",
            ["Portal:Sandbox:NatDeletedAfter"] = "00:00:00",
            ["Portal:Vpcs:NatPollInterval"] = "00:00:00.010",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
            settings[key] = value;
        return settings;
    }

    public static string NewRequestId() => Guid.NewGuid().ToString("N");

    /// <summary>Submits <paramref name="request"/> as alice and runs it to the end, as the work queue would.</summary>
    public static async Task<VpcRecord> SubmitAndRunAsync(IServiceProvider services, VpcRequest request, string? requestId = null)
    {
        var provisioning = services.GetRequiredService<VpcProvisioning>();
        requestId ??= NewRequestId();
        await provisioning.SubmitAsync(request, requestId, "alice", CancellationToken.None);
        return await provisioning.RunAsync(requestId, CancellationToken.None);
    }

    /// <summary>Everything in the sandbox tagged with the request id, as "kind id" lines (empty means nothing is left).</summary>
    public static async Task<IReadOnlyList<string>> TaggedAsync(IServiceProvider services, string requestId)
    {
        var ec2 = services.GetRequiredService<Ec2Sandbox>();
        var filter = new[] { VpcTags.ByRequest(requestId) };
        return
        [
            .. (await ec2.DescribeVpcsAsync(filter)).Select(v => "vpc " + v.VpcId),
            .. (await ec2.DescribeSubnetsAsync(filter)).Select(s => "subnet " + s.SubnetId),
            .. (await ec2.DescribeInternetGatewaysAsync(filter)).Select(g => "igw " + g.InternetGatewayId),
            .. (await ec2.DescribeRouteTablesAsync(filter)).Select(t => "rtb " + t.RouteTableId),
            .. (await ec2.DescribeNatGatewaysAsync(filter)).Where(n => n.State != NatGatewayStates.Deleted).Select(n => "nat " + n.NatGatewayId),
            .. (await ec2.DescribeAddressesAsync(filter)).Select(a => "eip " + a.AllocationId),
            .. (await ec2.DescribeEgressOnlyInternetGatewaysAsync(filter)).Select(g => "eigw " + g.EgressOnlyInternetGatewayId),
            .. (await ec2.DescribeVpcEndpointsAsync(filter)).Select(e => "vpce " + e.VpcEndpointId),
        ];
    }

    public static Dictionary<string, string?> Fault(int call, SandboxFault kind = SandboxFault.AwsError, string code = "UnauthorizedOperation") => new()
    {
        ["Portal:Sandbox:FailAtCall"] = call.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Portal:Sandbox:FailWith"] = kind.ToString(),
        ["Portal:Sandbox:FailErrorCode"] = code,
    };
}
