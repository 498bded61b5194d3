using System.Text;
using Microsoft.Playwright;

namespace Portal.E2E.Orders;

public sealed class OrdersUploadTests(Browser browser) : IClassFixture<Browser>
{
    private static async Task<IPage> SignedInAsync(Browser browser)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/orders");
        await page.SignInAsync(DemoUser.Admin);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Orders", Level = 1 })).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        return page;
    }

    [Fact]
    public async Task Admin_uploads_a_small_file_watches_the_load_finish_and_finds_its_orders_by_id_prefix_and_customer()
    {
        var id = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var lines = string.Join("\n",
            $$"""{"orderID":"{{id}}-1","customer":"Grace Hopper {{id}}","currency":"USD","status":"paid","items":[{"sku":"COBOL-1","quantity":2,"unitPrice":19.50}]}""",
            $$"""{"orderID":"{{id}}-2","customer":"Alan Turing {{id}}","currency":"GBP","status":"pending","items":[{"sku":"ENIGMA","quantity":1,"unitPrice":99}]}""",
            """{"orderID":"broken" """);
        var page = await SignedInAsync(browser);

        // MudFileUpload adds a fresh input after each choice: the last one is the live one.
        await page.GetByTestId("upload-file").Last.SetInputFilesAsync(new FilePayload
        {
            Name = "small.jsonl",
            MimeType = "application/x-ndjson",
            Buffer = Encoding.UTF8.GetBytes(lines),
        });
        await Assertions.Expect(page.GetByTestId("upload-chosen")).ToContainTextAsync("small.jsonl");
        await page.GetByTestId("upload-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("upload-progress")).ToHaveAttributeAsync("data-percent", "100");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("small.jsonl is stored");

        // The server pushes the job's figures until the load is done.
        var job = page.Locator("tr").Filter(new() { Has = page.GetByTestId("load-job").Filter(new() { HasText = "small.jsonl" }) }).First;
        await Assertions.Expect(job.GetByTestId("job-state")).ToHaveTextAsync("Completed");
        await Assertions.Expect(job.GetByTestId("job-inserted")).ToHaveTextAsync("2");
        await Assertions.Expect(job.GetByTestId("job-rejected")).ToHaveTextAsync("1");

        await page.GetByTestId("search-id").FillAsync($"{id}-");
        await Assertions.Expect(page.GetByTestId("order-row")).ToHaveCountAsync(2);
        await page.GetByTestId("search-id").FillAsync("");
        await page.GetByTestId("search-customer").FillAsync($"grace hopper {id}");
        await Assertions.Expect(page.GetByTestId("order-row")).ToHaveCountAsync(1);
        await page.GetByTestId("order-row").ClickAsync();
        await Assertions.Expect(page.GetByTestId("order-customer")).ToHaveTextAsync($"Grace Hopper {id}");
        await Assertions.Expect(page.GetByTestId("order-total")).ToHaveTextAsync("39.00 USD");
    }

    [Fact]
    public async Task A_file_of_the_wrong_type_is_explained_beside_the_upload_control()
    {
        var page = await SignedInAsync(browser);

        await page.GetByTestId("upload-file").Last.SetInputFilesAsync(new FilePayload { Name = "orders.xlsx", MimeType = "application/octet-stream", Buffer = [1, 2, 3] });

        await Assertions.Expect(page.GetByTestId("upload-error")).ToHaveTextAsync("Choose a .jsonl, .ndjson or .csv file (one order per line).");
        await Assertions.Expect(page.GetByTestId("upload-submit")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task The_orders_page_has_no_serious_accessibility_violation()
    {
        var page = await SignedInAsync(browser);
        await Assertions.Expect(page.GetByTestId("orders-chart")).ToBeVisibleAsync();

        await page.AssertAccessibleAsync();
    }
}
