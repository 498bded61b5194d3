using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E.Vpcs;

public sealed partial class VpcBuilderTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task Admin_previews_and_creates_a_two_zone_vpc_with_four_subnets_and_lands_on_its_detail_page()
    {
        var page = await browser.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                refused.Add(message.Text);
        };
        await page.GotoAsync("/vpcs");
        await page.SignInAsync(DemoUser.Admin);
        await page.GetByTestId("new-vpc").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New VPC" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("sandbox-note")).ToContainTextAsync("sandbox");

        await page.GetByTestId("name").FillAsync("e2e-two-zones");
        await page.GetByTestId("cidr").FillAsync("10.42.0.0/16");
        await page.GetByTestId("preview").ClickAsync();

        // The preview is a bookmarkable GET showing the plan and its diagram: 2 zones x (1 public + 1 private).
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/vpcs/new\?.*Cidr=10.42.0.0%2F16"));
        await Assertions.Expect(page.GetByTestId("plan-row")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("diagram-zone")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("diagram-subnet")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("name")).ToHaveValueAsync("e2e-two-zones");

        await page.GetByTestId("create").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(ProgressUrl());
        await Assertions.Expect(page.GetByTestId("progress")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("step").First).ToContainTextAsync("Submitted");

        // htmx polls the progress and follows HX-Redirect to the detail page once the VPC is created.
        await Assertions.Expect(page).ToHaveURLAsync(DetailUrl(), new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("vpc-name")).ToHaveTextAsync("e2e-two-zones");
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Succeeded");
        await Assertions.Expect(page.GetByTestId("vpc-id")).ToHaveTextAsync(new Regex("^vpc-[0-9a-f]+$"));
        await Assertions.Expect(page.GetByTestId("subnet-row")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("subnet-id")).ToHaveTextAsync(Enumerable.Repeat(new Regex("^subnet-[0-9a-f]+$"), 4));
        await Assertions.Expect(page.GetByTestId("vpc-cidr")).ToHaveTextAsync("10.42.0.0/16");
        Assert.Empty(refused);
    }

    [Fact]
    public async Task With_javascript_off_the_form_posts_and_the_progress_page_refreshes_itself_to_the_detail_page()
    {
        var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.Portal.BaseAddress.ToString(),
            JavaScriptEnabled = false,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/vpcs/new");
        await page.SignInAsync(DemoUser.Admin);

        await page.GetByTestId("name").FillAsync("e2e-no-script");
        await page.GetByTestId("cidr").FillAsync("10.43.0.0/16");
        await page.GetByTestId("create").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(DetailUrl(), new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("vpc-name")).ToHaveTextAsync("e2e-no-script");
        await Assertions.Expect(page.GetByTestId("subnet-row")).ToHaveCountAsync(4);
        await context.CloseAsync();
    }

    [GeneratedRegex(@"/vpcs/[0-9a-f]{32}/progress$")]
    private static partial Regex ProgressUrl();

    [GeneratedRegex(@"/vpcs/[0-9a-f]{32}$")]
    private static partial Regex DetailUrl();
}
