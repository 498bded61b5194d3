using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Notifications;
using Portal.Core.Orders;

namespace Portal.Core.Tests.Orders;

public sealed class BulkLoaderTests(OrdersStack stack) : IClassFixture<OrdersStack>
{
    private static string Line(string id, string status = "pending", string customer = "Ada", int quantity = 1) =>
        $$"""{"orderID":"{{id}}","customer":"{{customer}}","currency":"EUR","status":"{{status}}","items":[{"sku":"A-1","quantity":{{quantity}},"unitPrice":2.50}]}""";

    private async Task<LoadJob> StartAsync(string fileName, string content)
    {
        var key = $"orders/tests/{Guid.NewGuid():N}-{fileName}";
        await stack.Get<IAmazonS3>().PutObjectAsync(new PutObjectRequest
        {
            BucketName = stack.Get<IOptions<AwsOptions>>().Value.Bucket,
            Key = key,
            ContentBody = content,
            UseChunkEncoding = false,
        });
        return await stack.Get<LoadJobStore>().CreateAsync(key, fileName, OrderFile.FormatOf(fileName)!.Value, "test");
    }

    [Fact]
    public async Task Good_duplicate_and_bad_lines_give_exact_totals_and_bad_lines_are_reported_with_their_reason()
    {
        var prefix = "mix-" + Guid.NewGuid().ToString("N")[..6];
        await stack.Get<OrderStore>().UpsertAsync(OrdersStack.Draft(prefix + "-existing"));
        var lines = new List<string>();
        for (var i = 0; i < 60; i++)
            lines.Add(Line($"{prefix}-{i}"));
        lines[10] = Line($"{prefix}-3", "paid", "Ada again", quantity: 4); // duplicate of line 4, in the same window
        lines[40] = "{broken";                                            // line 41
        lines[50] = Line($"{prefix}-50", "lost");                          // line 51
        lines.Add(Line(prefix + "-existing", "shipped"));                  // line 61: updates an order stored before
        lines.Add("");                                                     // blank: skipped, not counted

        var job = await StartAsync("mix.jsonl", string.Join("\n", lines));
        var done = await stack.Get<BulkLoader>().RunAsync(job.JobId);

        Assert.Equal(LoadJobState.Completed, done.State);
        Assert.Equal(61, done.Read);
        Assert.Equal(57, done.Inserted);   // 60 lines - duplicate - 2 bad
        Assert.Equal(2, done.Updated);     // the duplicate and the existing order
        Assert.Equal(2, done.Rejected);
        Assert.Equal(61, done.LastLine);
        Assert.Equal([41L, 51L], done.Errors.Select(e => e.Line).ToArray());
        Assert.StartsWith("$: is not valid JSON", done.Errors[0].Reason);
        Assert.StartsWith("status: must be one of", done.Errors[1].Reason);

        var store = stack.Get<OrderStore>();
        var duplicate = await store.GetAsync($"{prefix}-3");
        Assert.Equal(2, duplicate!.Version);
        Assert.Equal("Ada again", duplicate.Customer); // the later line wins
        Assert.Equal(10.00m, duplicate.Total);
        Assert.Equal(2, (await store.GetAsync(prefix + "-existing"))!.Version);
        Assert.Equal(1, (await store.GetAsync($"{prefix}-59"))!.Version);
        Assert.Null(await store.GetAsync($"{prefix}-50"));

        // Announced by the stream notifier from the loader's INSERT records, as the API's orders are.
        await stack.NotifyAsync();
        var announced = await stack.Get<NotificationFeed>().RecentAsync("orders", 500);
        Assert.Equal(57, announced.Count(n => n.Subject.StartsWith($"New order {prefix}-", StringComparison.Ordinal) && !n.Subject.EndsWith("-existing", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_interrupted_load_restarted_resumes_after_its_checkpoint_without_double_counting()
    {
        var prefix = "crash-" + Guid.NewGuid().ToString("N")[..6];
        var lines = Enumerable.Range(0, 250).Select(i => Line($"{prefix}-{i}")).ToList();
        lines[7] = "not an order";                       // line 8, in the first window
        lines[130] = Line($"{prefix}-0", "paid");         // line 131 updates line 1's order
        lines[220] = "still not an order";               // line 221, in the window that is interrupted
        var job = await StartAsync("crash.jsonl", string.Join("\n", lines));

        var loader = stack.Get<BulkLoader>();
        var windows = 0;
        loader.AfterWindowWritten = (_, _) => ++windows == 3
            ? throw new IOException("the process died after writing its third window")
            : Task.CompletedTask;
        LoadJob interrupted;
        try
        {
            interrupted = await loader.RunAsync(job.JobId);
        }
        finally
        {
            loader.AfterWindowWritten = null;
        }

        // Windows hold 100 lines (4 x 25): two committed, the third written but not committed.
        Assert.Equal(LoadJobState.Failed, interrupted.State);
        Assert.Equal(200, interrupted.LastLine);
        Assert.Equal(200, interrupted.Read);
        Assert.Equal((198L, 1L, 1L), (interrupted.Inserted, interrupted.Updated, interrupted.Rejected));
        Assert.Equal(1, (await stack.Get<OrderStore>().GetAsync($"{prefix}-230"))!.Version); // written before the crash

        var resumed = await loader.RunAsync(job.JobId);

        Assert.Equal(LoadJobState.Completed, resumed.State);
        Assert.Null(resumed.Message);
        Assert.Equal(250, resumed.Read);
        Assert.Equal((247L, 1L, 2L), (resumed.Inserted, resumed.Updated, resumed.Rejected));
        Assert.Equal([8L, 221L], resumed.Errors.Select(e => e.Line).ToArray());
        var store = stack.Get<OrderStore>();
        Assert.Equal(1, (await store.GetAsync($"{prefix}-230"))!.Version); // not written a second time
        Assert.Equal(2, (await store.GetAsync($"{prefix}-0"))!.Version);

        // Running a completed job again changes nothing.
        var again = await loader.RunAsync(job.JobId);
        Assert.Equal(250, again.Read);
    }

    [Fact]
    public async Task A_csv_file_loads_and_a_missing_file_fails_the_job_with_a_message()
    {
        var prefix = "csv-" + Guid.NewGuid().ToString("N")[..6];
        var job = await StartAsync("orders.csv",
            $"orderID,customer,currency,status,items\n{prefix}-1,\"Doe, Jane\",USD,paid,A-1:1:5.00;B-2:3:1.50\n{prefix}-2,Joe,USD,unknown,A-1:1:5.00\n");
        var done = await stack.Get<BulkLoader>().RunAsync(job.JobId);

        Assert.Equal((2L, 1L, 0L, 1L), (done.Read, done.Inserted, done.Updated, done.Rejected));
        Assert.Equal(3, done.Errors.Single().Line);
        Assert.Equal(9.50m, (await stack.Get<OrderStore>().GetAsync($"{prefix}-1"))!.Total);

        var missing = await stack.Get<LoadJobStore>().CreateAsync("orders/tests/nothing-here.csv", "nothing-here.csv", OrderFileFormat.Csv, "test");
        var failed = await stack.Get<BulkLoader>().RunAsync(missing.JobId);
        Assert.Equal(LoadJobState.Failed, failed.State);
        Assert.Equal("The file is no longer in the bucket; upload it again.", failed.Message);
    }
}
