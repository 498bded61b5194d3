using Microsoft.Playwright;

namespace Portal.E2E.Vpcs;

/// <summary>A portal whose sandbox NAT gateways become available (and deleted) after 2 s, as EC2's do after a while.</summary>
public sealed class NatBuilderBrowser : BuilderBrowser
{
    protected override IDictionary<string, string?> Extra => new Dictionary<string, string?>
    {
        ["Portal:Sandbox:NatAvailableAfter"] = "00:00:02",
        ["Portal:Sandbox:NatDeletedAfter"] = "00:00:02",
    };
}

/// <summary>The console's "VPC and more" through the real sign-in: NAT gateways per zone, the S3 endpoint and IPv6 are
/// chosen, priced, created (waiting for the NATs), drawn on the resource map, and torn down again.</summary>
public sealed class VpcAndMoreTests(NatBuilderBrowser browser) : IClassFixture<NatBuilderBrowser>
{
    [Fact]
    public async Task Admin_creates_a_vpc_with_a_nat_per_zone_the_s3_endpoint_and_ipv6_sees_it_on_the_map_and_tears_it_down()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/vpcs/new");
        await page.SignInAsync(DemoUser.Admin);
        await page.WaitForInteractiveAsync();

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("e2e-and-more");
        await Assertions.Expect(page.GetByTestId("diagram-title")).ToContainTextAsync("e2e-and-more");
        await page.GetByLabel("IPv4 block (CIDR)").FillAsync("10.46.0.0/16");
        // Controlled by the server: a click, then its state comes back over the circuit (CheckAsync wants it at once).
        await page.GetByRole(AriaRole.Radio, new() { Name = "1 per AZ" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "1 per AZ" })).ToBeCheckedAsync();
        await page.GetByTestId("ipv6").ClickAsync();
        await Assertions.Expect(page.GetByTestId("ipv6")).ToBeCheckedAsync();
        await page.GetByTestId("s3-endpoint").ClickAsync();
        await Assertions.Expect(page.GetByTestId("s3-endpoint")).ToBeCheckedAsync();

        // Priced before Create: 2 NAT gateways and their 2 public IPv4 addresses in us-east-1.
        await Assertions.Expect(page.GetByTestId("cost-total")).ToContainTextAsync("73.00");
        await Assertions.Expect(page.GetByTestId("diagram-nat")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=diagram-subnet][data-cidr^='10.46.']")).ToHaveCountAsync(4);
        await page.GetByTestId("create").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(VpcBuilderTests.DetailUrl(), new() { Timeout = 60_000 });
        await page.WaitForInteractiveAsync();
        var map = page.GetByTestId("resource-map");
        await Assertions.Expect(map.Locator("[data-key^='nat:']")).ToHaveCountAsync(2);
        await Assertions.Expect(map.Locator("[data-key='eigw']")).ToHaveCountAsync(1);
        await Assertions.Expect(map.GetByTestId("map-subnet")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("status")).ToHaveAttributeAsync("data-status", "Succeeded");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("teardown").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("VPC name").FillAsync("e2e-and-more");
        await dialog.GetByTestId("teardown-confirm").ClickAsync();

        // NAT gateways are deleted and waited for before their Elastic IPs and subnets can go.
        await Assertions.Expect(page.GetByTestId("status")).ToHaveAttributeAsync("data-status", "Deleted", new() { Timeout = 60_000 });
    }
}
