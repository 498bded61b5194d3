using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using Portal.Components.Pages.Vpcs;
using Portal.Core.Networking;
using Portal.Core.Vpcs;
using Portal.Tests.Components;

namespace Portal.Tests.Vpcs;

/// <summary>The detail page's resource map and network facts over a rich record written with the real record store:
/// three zones, a NAT gateway per zone with its Elastic IP, IPv6 with an egress-only gateway, and the S3 endpoint.</summary>
public sealed class VpcResourceMapTests(VpcDetailTests.Portal portal) : IClassFixture<VpcDetailTests.Portal>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c"];

    /// <summary>A 3-zone public+private VPC with everything "VPC and more" offers, all made.</summary>
    internal static VpcRecord Rich(string name, NatGatewayMode nat = NatGatewayMode.PerZone)
    {
        var natZones = nat == NatGatewayMode.PerZone ? Zones : Zones[..1];
        return new VpcRecord
        {
            RequestId = Guid.NewGuid().ToString("N"),
            Name = name,
            Cidr = "10.70.0.0/16",
            Status = VpcStatus.Succeeded,
            RequestedBy = "admin",
            CreatedAt = DateTimeOffset.UtcNow.AddHours(-1),
            UpdatedAt = DateTimeOffset.UtcNow.AddHours(-1),
            Region = "us-east-1",
            Sandbox = true,
            CreateInternetGateway = true,
            VpcId = "vpc-0rich000000000001",
            InternetGatewayId = "igw-0rich000000000001",
            RouteTableId = "rtb-0public0000000001",
            NatGatewayMode = nat,
            S3GatewayEndpoint = true,
            Ipv6 = true,
            Tenancy = VpcTenancy.Dedicated,
            Ipv6CidrBlock = "2600:1f18:4a2b:5c00::/56",
            EgressOnlyInternetGatewayId = "eigw-0rich00000000001",
            S3EndpointId = "vpce-0rich0000000001",
            Subnets = [.. Zones.SelectMany((zone, z) => new[]
            {
                new VpcRecordSubnet($"public-{zone[^1]}", Invariant($"10.70.{2 * z}.0/24"), zone, SubnetKind.Public, 251, Invariant($"subnet-0pub{z}"),
                    2 * z, Invariant($"2600:1f18:4a2b:5c0{2 * z}::/64")),
                new VpcRecordSubnet($"private-{zone[^1]}", Invariant($"10.70.{2 * z + 1}.0/24"), zone, SubnetKind.Private, 251, Invariant($"subnet-0prv{z}"),
                    2 * z + 1, Invariant($"2600:1f18:4a2b:5c0{2 * z + 1}::/64")),
            })],
            NatGateways = [.. natZones.Select((zone, z) => new VpcRecordNatGateway(zone, $"public-{zone[^1]}", Invariant($"eipalloc-0{z}"), Invariant($"54.210.33.{10 + z}"),
                Invariant($"nat-0{zone[^1]}"), "available"))],
            PrivateRouteTables = [.. Zones.Select(zone => new VpcRecordRouteTable(zone, $"rtb-0private-{zone[^1]}",
                nat == NatGatewayMode.PerZone ? $"nat-0{zone[^1]}" : "nat-0a", [$"rtbassoc-{zone[^1]}"]))],
            CostEstimate = new VpcCostEstimate(113.88m,
                [new VpcCostLine("NAT gateway hours", 3, 0.045m, 98.55m), new VpcCostLine("Public IPv4 addresses", 3, 0.005m, 10.95m)],
                "us-east-1", "AWS price list, us-east-1, 2026-11"),
            Steps = [new ProvisioningStep(DateTimeOffset.UtcNow.AddHours(-1), "Succeeded", StepOutcomes.Ok, null)],
        };
    }

    [Fact]
    public async Task Every_subnet_route_table_and_gateway_of_a_rich_vpc_appears_and_each_line_joins_the_right_pair()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var page = await OpenAsync(ctx, Rich("rich-map"));
        var map = page.Find("[data-testid=resource-map]");

        Assert.Equal(Zones, map.QuerySelectorAll("[data-testid=map-zone]").Select(z => z.GetAttribute("data-zone")));
        var subnets = map.QuerySelectorAll("[data-testid=map-subnet]");
        Assert.Equal(["public-a", "private-a", "public-b", "private-b", "public-c", "private-c"], subnets.Select(s => Key(s)["subnet:".Length..]));
        Assert.All(subnets, s => Assert.Equal("Exists", s.GetAttribute("data-state")));
        Assert.Contains("2600:1f18:4a2b:5c03::/64", Box(map, "subnet:private-b").TextContent, StringComparison.Ordinal);

        Assert.Equal(
            ["eigw", "igw", "nat:us-east-1a", "nat:us-east-1b", "nat:us-east-1c", "rtb:public", "rtb:us-east-1a", "rtb:us-east-1b", "rtb:us-east-1c", "s3"],
            map.QuerySelectorAll("[data-testid=map-resource]").Select(Key).Order(StringComparer.Ordinal));
        foreach (var (zone, z) in Zones.Select((zone, z) => (zone, z)))
        {
            var nat = Box(map, $"nat:{zone}").TextContent;
            Assert.Contains($"nat-0{zone[^1]}", nat, StringComparison.Ordinal);
            Assert.Contains(Invariant($"Elastic IP 54.210.33.{10 + z}"), nat, StringComparison.Ordinal);
            Assert.Contains($"in public-{zone[^1]}", nat, StringComparison.Ordinal);
            Assert.Contains($"0.0.0.0/0 → NAT {zone}", Box(map, $"rtb:{zone}").TextContent, StringComparison.Ordinal);
        }

        Assert.Contains("::/0 → internet gateway", Box(map, "rtb:public").TextContent, StringComparison.Ordinal);
        Assert.Contains("2600:1f18:4a2b:5c00::/56", Box(map, "vpc").TextContent, StringComparison.Ordinal);

        string[] expected =
        [
            .. Zones.Select(zone => $"subnet:public-{zone[^1]} -> rtb:public"),
            .. Zones.Select(zone => $"subnet:private-{zone[^1]} -> rtb:{zone}"),
            "rtb:public -> igw",
            .. Zones.SelectMany(zone => new[] { $"rtb:{zone} -> nat:{zone}", $"rtb:{zone} -> eigw", $"rtb:{zone} -> s3" }),
        ];
        var edges = map.QuerySelectorAll("[data-testid=map-edge]");
        Assert.Equal(expected.Order(StringComparer.Ordinal), edges.Select(e => $"{e.GetAttribute("data-from")} -> {e.GetAttribute("data-to")}").Order(StringComparer.Ordinal));

        // Each line is drawn from its first box's right edge to its second box's left edge.
        foreach (var edge in edges)
        {
            var (x1, y1, x2, y2) = Ends(edge.GetAttribute("d")!);
            var (fx, fy, fw, fh) = Bounds(Box(map, edge.GetAttribute("data-from")!));
            var (tx, ty, _, th) = Bounds(Box(map, edge.GetAttribute("data-to")!));
            Assert.Equal(fx + fw, x1);
            Assert.InRange(y1, fy, fy + fh);
            Assert.Equal(tx, x2);
            Assert.InRange(y2, ty, ty + th);
        }

        // Boxes of a column do not overlap.
        var columns = map.QuerySelectorAll("[data-box]").Select(Bounds).GroupBy(b => b.X);
        foreach (var column in columns)
        {
            var ordered = column.OrderBy(b => b.Y).ToList();
            Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.First.Y + pair.First.Height <= pair.Second.Y, $"boxes overlap at x={column.Key}"));
        }
    }

    [Fact]
    public async Task With_one_nat_gateway_every_zones_private_route_table_goes_to_it()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var page = await OpenAsync(ctx, Rich("single-nat", NatGatewayMode.Single));

        var map = page.Find("[data-testid=resource-map]");
        Assert.Equal(["nat:us-east-1a"], map.QuerySelectorAll("[data-testid=map-resource][data-kind='NAT gateway']").Select(Key));
        Assert.Equal(Zones.Select(zone => $"rtb:{zone}"),
            map.QuerySelectorAll("[data-testid=map-edge][data-to='nat:us-east-1a']").Select(e => e.GetAttribute("data-from")).Order(StringComparer.Ordinal));
        Assert.Contains("in 1 AZ", page.Find("[data-testid=fact-nat]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_the_create_runs_the_gateways_and_tables_not_made_yet_show_as_planned_and_joined_by_the_modes_rule()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var made = Rich("running");
        var running = made with
        {
            Status = VpcStatus.InProgress,
            EgressOnlyInternetGatewayId = null,
            S3EndpointId = null,
            NatGateways = [.. made.NatGateways.Select(n => n with { NatGatewayId = null, PublicIp = null, State = null })],
            PrivateRouteTables = [.. made.PrivateRouteTables.Select(t => t with { RouteTableId = null, NatGatewayId = null })],
        };
        var page = await OpenAsync(ctx, running);

        var map = page.Find("[data-testid=resource-map]");
        Assert.All(Zones, zone =>
        {
            Assert.Equal("Planned", Box(map, $"nat:{zone}").GetAttribute("data-state"));
            Assert.Equal("Planned", Box(map, $"rtb:{zone}").GetAttribute("data-state"));
            Assert.NotNull(map.QuerySelector($"[data-testid=map-edge][data-from='rtb:{zone}'][data-to='nat:{zone}']"));
        });
        Assert.Equal("Planned", Box(map, "eigw").GetAttribute("data-state"));
        Assert.Equal("Planned", Box(map, "s3").GetAttribute("data-state"));
        Assert.Equal("Exists", Box(map, "igw").GetAttribute("data-state"));
        Assert.Contains("Elastic IP eipalloc-00", Box(map, "nat:us-east-1a").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_create_rolled_back_shows_what_it_made_as_removed_and_not_the_gateways_it_never_made()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var made = Rich("failed-nat");
        var failed = made with
        {
            Status = VpcStatus.Failed,
            ErrorCode = "NatGatewayLimitExceeded",
            RollbackOutcome = "complete",
            EgressOnlyInternetGatewayId = null,
            S3EndpointId = null,
            NatGateways = [made.NatGateways[0], .. made.NatGateways.Skip(1).Select(n => n with { NatGatewayId = null, PublicIp = null, State = null })],
        };
        var page = await OpenAsync(ctx, failed);

        var map = page.Find("[data-testid=resource-map]");
        Assert.Equal(["nat:us-east-1a"], map.QuerySelectorAll("[data-testid=map-resource][data-kind='NAT gateway']").Select(Key));
        Assert.Equal("Removed", Box(map, "nat:us-east-1a").GetAttribute("data-state"));
        Assert.Null(map.QuerySelector("[data-key='eigw']"));
        Assert.Null(map.QuerySelector("[data-key='s3']"));
        Assert.Empty(map.QuerySelectorAll("[data-testid=map-edge][data-to='nat:us-east-1b'], [data-testid=map-edge][data-to='s3']"));
        Assert.All(map.QuerySelectorAll("[data-testid=map-subnet]"), s => Assert.Equal("Removed", s.GetAttribute("data-state")));
    }

    [Fact]
    public async Task The_facts_show_tenancy_the_ipv6_block_the_nat_mode_the_endpoint_and_the_estimate_recorded_at_create()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var page = await OpenAsync(ctx, Rich("rich-facts"));

        Assert.StartsWith("Dedicated", page.Find("[data-testid=fact-tenancy]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("2600:1f18:4a2b:5c00::/56", page.Find("[data-testid=fact-ipv6]").TextContent, StringComparison.Ordinal);
        Assert.Equal("1 per AZ (3 of 3 made)", page.Find("[data-testid=fact-nat]").TextContent.Trim());
        Assert.Equal("vpce-0rich0000000001", page.Find("[data-testid=s3-endpoint-id]").TextContent);
        Assert.Equal("$113.88", page.Find("[data-testid=cost-total]").TextContent.Trim());
        Assert.Equal(["NAT gateway hours", "Public IPv4 addresses"], page.FindAll("[data-testid=cost-line]").Select(l => l.GetAttribute("data-item")));
    }

    [Fact]
    public async Task A_vpc_without_the_new_options_maps_its_private_subnets_to_the_main_route_table_and_says_it_has_no_estimate()
    {
        await using var ctx = new PageContext(portal.Server, PageContext.Viewer());
        var plain = Rich("plain") with
        {
            NatGatewayMode = NatGatewayMode.None, S3GatewayEndpoint = false, Ipv6 = false, Tenancy = VpcTenancy.Default,
            Ipv6CidrBlock = null, EgressOnlyInternetGatewayId = null, S3EndpointId = null, NatGateways = [], PrivateRouteTables = [], CostEstimate = null,
        };
        var page = await OpenAsync(ctx, plain);

        var map = page.Find("[data-testid=resource-map]");
        Assert.Equal(["igw", "rtb:main", "rtb:public"], map.QuerySelectorAll("[data-testid=map-resource]").Select(Key).Order(StringComparer.Ordinal));
        Assert.Equal(Zones.Select(zone => $"subnet:private-{zone[^1]}"),
            map.QuerySelectorAll("[data-testid=map-edge][data-to='rtb:main']").Select(e => e.GetAttribute("data-from")));
        Assert.Contains("No estimate was recorded", page.Find("[data-testid=no-cost]").TextContent, StringComparison.Ordinal);
        Assert.Equal("none asked for", page.Find("[data-testid=fact-ipv6]").TextContent.Trim());
    }

    private async Task<IRenderedComponent<VpcDetail>> OpenAsync(PageContext ctx, VpcRecord record)
    {
        await portal.Store.CreateAsync(record);
        var page = ctx.Render<VpcDetail>(p => p.Add(d => d.RequestId, record.RequestId));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=resource-map]")), Wait);
        return page;
    }

    private static string Key(IElement box) => box.GetAttribute("data-key")!;

    private static IElement Box(IElement map, string key) => map.QuerySelector($"[data-key='{key}']") ?? throw new InvalidOperationException($"No box {key}");

    private static (double X, double Y, double Width, double Height) Bounds(IElement box)
    {
        var n = box.GetAttribute("data-box")!.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (n[0], n[1], n[2], n[3]);
    }

    /// <summary>The start and end of a path "M x1 y1 C ... x2 y2".</summary>
    private static (double X1, double Y1, double X2, double Y2) Ends(string d)
    {
        var n = d.Replace("M", "", StringComparison.Ordinal).Replace("C", " ", StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (n[0], n[1], n[^2], n[^1]);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
