using AngleSharp.Dom;
using Portal.Components.Pages.Vpcs;
using Portal.Core.Networking;

namespace Portal.Tests.Vpcs;

public sealed class SubnetDiagramTests
{
    private static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c"];

    [Fact]
    public async Task Draws_one_column_per_zone_in_order_and_one_box_per_subnet_inside_its_zone_column()
    {
        var plan = SubnetPlanner.Plan(new SubnetPlanRequest(Cidr.Parse("10.20.0.0/16"), Zones, 2, 1)).Plan!;
        var subnets = plan.Subnets
            .Select(s => new DiagramSubnet(s.Name, s.AvailabilityZone, s.Kind, s.Cidr.ToString(), s.UsableAddresses))
            .ToArray();

        var svg = await RenderAsync("prod (10.20.0.0/16)", Zones, subnets);

        var columns = svg.QuerySelectorAll("[data-testid=diagram-zone]");
        Assert.Equal(Zones, columns.Select(c => c.GetAttribute("data-zone")));
        Assert.Equal(9, svg.QuerySelectorAll("[data-testid=diagram-subnet]").Length);
        foreach (var column in columns)
        {
            var zone = column.GetAttribute("data-zone");
            var boxes = column.QuerySelectorAll("[data-testid=diagram-subnet]");
            var expected = plan.Subnets.Where(s => s.AvailabilityZone == zone).ToArray();
            Assert.Equal(expected.Select(s => s.Cidr.ToString()), boxes.Select(b => b.GetAttribute("data-cidr")));
            foreach (var (box, subnet) in boxes.Zip(expected))
            {
                Assert.Contains(subnet.Cidr.ToString(), box.TextContent);
                Assert.Contains($"{subnet.UsableAddresses:N0} usable addresses", box.TextContent);
                Assert.Contains(subnet.Name, box.TextContent);
            }
        }

        // Boxes of one column share an x; columns do not.
        var xs = columns.Select(c => c.QuerySelector("[data-testid=diagram-subnet] rect")!.GetAttribute("x")).ToArray();
        Assert.Equal(3, xs.Distinct().Count());
        Assert.Equal("prod (10.20.0.0/16)", svg.QuerySelector("[data-testid=diagram-title]")!.TextContent);
        Assert.Equal("prod (10.20.0.0/16)", svg.QuerySelector("title")!.TextContent);
    }

    [Fact]
    public async Task Public_and_private_boxes_differ_by_fill_attribute_and_no_element_has_a_style_attribute()
    {
        var subnets = new[]
        {
            new DiagramSubnet("public-a", "us-east-1a", SubnetKind.Public, "10.0.0.0/24", 251),
            new DiagramSubnet("private-a", "us-east-1a", SubnetKind.Private, "10.0.1.0/24", 251),
        };

        var svg = await RenderAsync("v", ["us-east-1a"], subnets);

        var fills = svg.QuerySelectorAll("[data-testid=diagram-subnet] > rect").Select(r => r.GetAttribute("fill")).ToArray();
        Assert.Equal(2, fills.Length);
        Assert.All(fills, fill => Assert.StartsWith("#", fill));
        Assert.NotEqual(fills[0], fills[1]);
        Assert.Empty(svg.QuerySelectorAll("[style]"));
        Assert.Empty(svg.QuerySelectorAll("style"));
    }

    [Fact]
    public async Task A_row_with_an_invalid_block_says_so_instead_of_a_count_and_gets_a_red_outline()
    {
        var subnets = new[] { new DiagramSubnet("public-a", "us-east-1a", SubnetKind.Public, "10.0.0.300/24", null, HasError: true) };

        var svg = await RenderAsync("v", ["us-east-1a"], subnets);

        var box = svg.QuerySelector("[data-testid=diagram-subnet]")!;
        Assert.Contains("not a valid block", box.TextContent);
        Assert.Equal("#dc3545", box.QuerySelector("rect")!.GetAttribute("stroke"));
    }

    [Fact]
    public async Task The_drawing_grows_with_the_zones_and_the_longest_column()
    {
        var one = await RenderAsync("v", ["us-east-1a"], [new DiagramSubnet("a", "us-east-1a", SubnetKind.Private, "10.0.0.0/24", 251)]);
        var more = await RenderAsync("v", ["us-east-1a", "us-east-1b"],
        [
            new DiagramSubnet("a", "us-east-1a", SubnetKind.Private, "10.0.0.0/24", 251),
            new DiagramSubnet("b", "us-east-1b", SubnetKind.Private, "10.0.1.0/24", 251),
            new DiagramSubnet("c", "us-east-1b", SubnetKind.Private, "10.0.2.0/24", 251),
        ]);

        Assert.True(Size(more, "width") > Size(one, "width"));
        Assert.True(Size(more, "height") > Size(one, "height"));
    }

    [Fact]
    public async Task With_ipv6_each_box_names_its_64_and_a_nat_gateway_sits_inside_the_public_box_that_holds_it()
    {
        var subnets = new[]
        {
            new DiagramSubnet("public-a", "us-east-1a", SubnetKind.Public, "10.0.0.0/24", 251, Ipv6: true, Ipv6Index: 0, HoldsNatGateway: true),
            new DiagramSubnet("private-a", "us-east-1a", SubnetKind.Private, "10.0.1.0/24", 251, Ipv6: true, Ipv6Index: 3),
        };
        var plain = await RenderAsync("v", ["us-east-1a"], [.. subnets.Select(s => s with { Ipv6 = false, Ipv6Index = null, HoldsNatGateway = false })]);

        var svg = await RenderAsync("v", ["us-east-1a"], subnets);

        var boxes = svg.QuerySelectorAll("[data-testid=diagram-subnet]");
        var privateIpv6 = boxes[1].QuerySelector("[data-testid=diagram-ipv6]")!;
        Assert.Contains("IPv6 /64 #3", privateIpv6.TextContent, StringComparison.Ordinal);
        Assert.Equal("IPv6 /64 #3, assigned from the VPC's /56 at create", privateIpv6.QuerySelector("title")!.TextContent);
        var nat = Assert.Single(svg.QuerySelectorAll("[data-testid=diagram-nat]"));
        Assert.Same(boxes[0], nat.Closest("[data-testid=diagram-subnet]"));
        Assert.Contains("NAT gateway + Elastic IP", nat.TextContent, StringComparison.Ordinal);
        // The badge lies inside its subnet's box, and the boxes grew to make room for it and the IPv6 line.
        var (box, badge) = (boxes[0].QuerySelector("rect")!, nat.QuerySelector("rect")!);
        Assert.True(Number(badge, "y") + Number(badge, "height") <= Number(box, "y") + Number(box, "height"));
        Assert.True(Number(box, "height") > Number(plain.QuerySelector("[data-testid=diagram-subnet] rect")!, "height"));
        Assert.Empty(plain.QuerySelectorAll("[data-testid=diagram-ipv6]"));
    }

    private static double Number(IElement element, string attribute) => double.Parse(element.GetAttribute(attribute)!, System.Globalization.CultureInfo.InvariantCulture);

    private static int Size(IElement svg, string attribute) => int.Parse(svg.GetAttribute(attribute)!, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<IElement> RenderAsync(string title, IReadOnlyList<string> zones, IReadOnlyList<DiagramSubnet> subnets)
    {
        var document = await ComponentHtml.RenderAsync<SubnetDiagram>(new Dictionary<string, object?>
        {
            [nameof(SubnetDiagram.Title)] = title,
            [nameof(SubnetDiagram.Zones)] = zones,
            [nameof(SubnetDiagram.Subnets)] = subnets,
        });
        return document.QuerySelector("svg[data-testid=subnet-diagram]")!;
    }
}
