using System.Text;
using Microsoft.Playwright;

namespace Portal.E2E.Orders;

public sealed class OrdersUploadTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task Admin_uploads_a_small_file_watches_the_load_finish_and_finds_its_orders()
    {
        var id = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var lines = string.Join("\n",
            $$"""{"orderID":"{{id}}-1","customer":"Grace Hopper","currency":"USD","status":"paid","items":[{"sku":"COBOL-1","quantity":2,"unitPrice":19.50}]}""",
            $$"""{"orderID":"{{id}}-2","customer":"Alan Turing","currency":"GBP","status":"pending","items":[{"sku":"ENIGMA","quantity":1,"unitPrice":99}]}""",
            """{"orderID":"broken" """);

        var page = await browser.NewPageAsync();
        await page.GotoAsync("/orders");
        await page.SignInAsync(DemoUser.Admin);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Orders" })).ToBeVisibleAsync();

        await page.GetByTestId("upload-file").SetInputFilesAsync(new FilePayload
        {
            Name = "small.jsonl",
            MimeType = "application/x-ndjson",
            Buffer = Encoding.UTF8.GetBytes(lines),
        });
        await page.GetByTestId("upload-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("upload-started")).ToBeVisibleAsync();

        // htmx polls the jobs panel until the load is done.
        var job = page.GetByTestId("load-job").Filter(new() { HasText = "small.jsonl" }).First;
        await Assertions.Expect(job.GetByTestId("job-state")).ToHaveTextAsync("Completed");
        await Assertions.Expect(job.GetByTestId("job-inserted")).ToHaveTextAsync("2");
        await Assertions.Expect(job.GetByTestId("job-rejected")).ToHaveTextAsync("1");

        await page.GetByTestId("search-id").FillAsync($"{id}-1");
        await page.GetByTestId("search-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("order-customer")).ToHaveTextAsync("Grace Hopper");
        await Assertions.Expect(page.GetByTestId("order-total")).ToHaveTextAsync("39.00 USD");

        await page.GotoAsync("/orders?status=pending");
        await Assertions.Expect(page.GetByTestId("orders-table").GetByText($"{id}-2")).ToBeVisibleAsync();
    }
}
