using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E.Vpcs;

/// <summary>A portal for the builder journeys, on VPC and EC2-sandbox tables of its own (the sandbox's quota and its
/// count of calls are its own).</summary>
public class BuilderBrowser : Browser
{
    protected virtual IDictionary<string, string?> Extra => new Dictionary<string, string?>();

    protected override IDictionary<string, string?> PortalSettings
    {
        get
        {
            var suffix = Guid.NewGuid().ToString("N")[..8];
            var settings = new Dictionary<string, string?>
            {
                ["Portal:Aws:Tables:Vpcs"] = $"vpcs-e2e-{suffix}",
                ["Portal:Aws:Tables:Ec2Sandbox"] = $"ec2-sandbox-e2e-{suffix}",
            };
            foreach (var (key, value) in Extra)
                settings[key] = value;
            return settings;
        }
    }
}

/// <summary>A sandbox whose second mutating EC2 call fails once (after CreateVpc): the first create fails and rolls back.</summary>
public sealed class FailingBuilderBrowser : BuilderBrowser
{
    protected override IDictionary<string, string?> Extra => new Dictionary<string, string?>
    {
        ["Portal:Sandbox:FailAtCall"] = "2",
        ["Portal:Sandbox:FailErrorCode"] = "InternalError",
    };
}

public sealed partial class VpcBuilderTests(BuilderBrowser browser) : IClassFixture<BuilderBrowser>
{
    [Fact]
    public async Task Admin_plans_as_they_type_creates_a_vpc_follows_its_progress_and_lands_on_its_page()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/vpcs/new");
        await page.SignInAsync(DemoUser.Admin);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New VPC", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("sandbox-note")).ToContainTextAsync("sandbox");
        await Assertions.Expect(page.GetByTestId("create")).ToBeDisabledAsync();

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("e2e-two-zones");
        // Each typed value reaches the plan before the next field (a loaded CI machine once lost the name otherwise).
        await Assertions.Expect(page.GetByTestId("diagram-title")).ToContainTextAsync("e2e-two-zones");
        await page.GetByLabel("IPv4 block (CIDR)").FillAsync("10.42.0.0/16");

        // No Preview button: the plan and the diagram follow the typing.
        await Assertions.Expect(page.Locator("[data-testid=diagram-subnet][data-cidr^='10.42.']")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("diagram-zone")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("diagram-title")).ToContainTextAsync("e2e-two-zones");
        await Assertions.Expect(page.GetByTestId("create")).ToBeEnabledAsync();
        await page.AssertAccessibleAsync();

        await page.GetByTestId("create").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(ProgressUrl());
        await Assertions.Expect(page.GetByTestId("step").First).ToContainTextAsync("Submitted");
        await page.AssertAccessibleAsync();
        // Pushed from the server: the page moves on to the VPC once it is created.
        await Assertions.Expect(page).ToHaveURLAsync(DetailUrl(), new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task Errors_show_beside_their_fields_and_in_a_summary_by_label_and_create_stays_off()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/vpcs/new");
        await page.SignInAsync(DemoUser.Admin);
        await page.WaitForInteractiveAsync();

        var name = page.GetByLabel("Name", new() { Exact = true });
        await name.FillAsync("aws:reserved");
        await page.GetByLabel("IPv4 block (CIDR)").FillAsync("10.0.0.0/8");

        await Assertions.Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("IPv4 block (CIDR)")).ToHaveAttributeAsync("aria-invalid", "true");
        var summary = page.GetByTestId("issues");
        await Assertions.Expect(summary).ToContainTextAsync("IPv4 block (CIDR)");
        await Assertions.Expect(summary.GetByRole(AriaRole.Link, new() { Name = "IPv4 block (CIDR)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("create")).ToBeDisabledAsync();
        await page.AssertAccessibleAsync();

        // The "VPC and more" choices, drawn in the diagram, pass the scan too.
        // Controlled by the server: a click, then its state comes back over the circuit (CheckAsync wants it at once).
        await page.GetByRole(AriaRole.Radio, new() { Name = "1 per AZ" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "1 per AZ" })).ToBeCheckedAsync();
        await page.GetByTestId("ipv6").ClickAsync();
        await Assertions.Expect(page.GetByTestId("ipv6")).ToBeCheckedAsync();
        await page.GetByLabel("IPv4 block (CIDR)").FillAsync("10.0.0.0/16");
        await Assertions.Expect(page.GetByTestId("diagram-nat")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("diagram-ipv6")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("nat-help")).ToContainTextAsync("charged per hour and per GB");
        await page.AssertAccessibleAsync();

        await summary.GetByRole(AriaRole.Link, new() { Name = "Name", Exact = true }).ClickAsync();
        await Assertions.Expect(name).ToBeFocusedAsync();
    }

    [GeneratedRegex(@"/vpcs/[0-9a-f]{32}/progress$")]
    internal static partial Regex ProgressUrl();

    [GeneratedRegex(@"/vpcs/[0-9a-f]{32}$")]
    internal static partial Regex DetailUrl();
}

public sealed class VpcBuilderFailureTests(FailingBuilderBrowser browser) : IClassFixture<FailingBuilderBrowser>
{
    [Fact]
    public async Task A_failed_create_shows_failed_and_why_and_edit_and_retry_creates_it_with_the_same_values()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/vpcs/new");
        await page.SignInAsync(DemoUser.Admin);
        await page.WaitForInteractiveAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("e2e-fails-once");
        await Assertions.Expect(page.GetByTestId("diagram-title")).ToContainTextAsync("e2e-fails-once");
        await page.GetByLabel("IPv4 block (CIDR)").FillAsync("10.44.0.0/16");
        await Assertions.Expect(page.GetByTestId("diagram-title")).ToContainTextAsync("e2e-fails-once");
        // The block is typed last: wait until the plan has it (its typing pause over) before creating.
        await Assertions.Expect(page.Locator("[data-testid=diagram-subnet][data-cidr^='10.44.']")).ToHaveCountAsync(4);
        await page.GetByTestId("create").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(VpcBuilderTests.ProgressUrl());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Failed to create e2e-fails-once", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("progress-status")).ToHaveTextAsync("Failed");
        await Assertions.Expect(page.GetByTestId("error-code")).ToHaveTextAsync("InternalError");
        await Assertions.Expect(page.GetByTestId("rollback")).ToContainTextAsync("complete");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("edit-and-retry").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/vpcs/new\?retry=[0-9a-f]{32}$"));
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("e2e-fails-once");
        await Assertions.Expect(page.GetByLabel("IPv4 block (CIDR)")).ToHaveValueAsync("10.44.0.0/16");
        await Assertions.Expect(page.GetByTestId("create")).ToBeEnabledAsync();
        await page.GetByTestId("create").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(VpcBuilderTests.DetailUrl(), new() { Timeout = 30_000 });
    }
}
