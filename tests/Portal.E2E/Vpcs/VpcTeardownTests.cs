using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Vpcs;

namespace Portal.E2E.Vpcs;

/// <summary>The browser fixture with a portal whose VPC records and sandbox are its own.</summary>
public sealed class VpcBrowser : Browser
{
    private static readonly string Name = Guid.NewGuid().ToString("N")[..10];

    protected override IDictionary<string, string?> PortalSettings => new Dictionary<string, string?>
    {
        ["Portal:Aws:Tables:Vpcs"] = $"e2e-vpcs-{Name}",
        ["Portal:Aws:Tables:Ec2Sandbox"] = $"e2e-ec2-sandbox-{Name}",
    };

    public Task<VpcRecord> ProvisionAsync(string name) => ProvisionedVpc.CreateAsync(Portal, name, "10.44.0.0/16");
}

public sealed class VpcTeardownTests(VpcBrowser browser) : IClassFixture<VpcBrowser>
{
    [Fact]
    public async Task An_admin_finds_the_vpc_in_the_list_opens_it_and_tears_it_down_after_typing_its_name()
    {
        var record = await browser.ProvisionAsync("e2e-teardown");
        Assert.Equal(VpcStatus.Succeeded, record.Status);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/vpcs");
        await page.SignInAsync(DemoUser.Admin);
        await page.WaitForInteractiveAsync();

        await page.GetByTestId("search").FillAsync("e2e-tear");
        var row = page.Locator($"[data-testid=vpc-row][data-request-id='{record.RequestId}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("vpc-row")).ToHaveCountAsync(1);
        await page.AssertAccessibleAsync();

        await row.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/vpcs/{record.RequestId}$"));
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "e2e-teardown", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("map-subnet")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("console-link")).ToHaveCountAsync(1);
        await page.AssertAccessibleAsync();

        await page.GetByTestId("teardown").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("VPC name").FillAsync("e2e-teardow");
        await dialog.GetByTestId("teardown-confirm").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("'e2e-teardow' is not the VPC's name");
        await page.AssertAccessibleAsync();
        await dialog.GetByLabel("VPC name").FillAsync("e2e-teardown");
        await dialog.GetByTestId("teardown-confirm").ClickAsync();

        await Assertions.Expect(page.GetByTestId("status")).ToHaveAttributeAsync("data-status", "Deleted", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("deleted-by")).ToContainTextAsync("Torn down by admin");
        await Assertions.Expect(page.GetByTestId("console-link")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("teardown")).ToHaveCountAsync(0);
        Assert.Equal(VpcStatus.Deleted, (await browser.Portal.Services.GetRequiredService<VpcRecordStore>().GetAsync(record.RequestId))!.Status);
    }

    [Fact]
    public async Task A_viewer_sees_the_list_and_detail_without_new_vpc_or_teardown_and_both_pass_the_accessibility_scan_at_phone_width()
    {
        var record = await browser.ProvisionAsync("e2e-viewer");
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/vpcs");
        await page.SignInAsync(DemoUser.Viewer);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator($"[data-testid=vpc-row][data-request-id='{record.RequestId}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("new-vpc")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the list overflows at 390 px");
        await page.AssertAccessibleAsync();

        await page.GotoAsync($"/vpcs/{record.RequestId}");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("map-subnet")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("teardown")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the detail overflows at 390 px");
        await page.AssertAccessibleAsync();
    }
}
