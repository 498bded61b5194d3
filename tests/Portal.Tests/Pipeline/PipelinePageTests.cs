using Amazon.SQS;
using Amazon.SQS.Model;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PipelinePage = Portal.Components.Pages.Pipeline.Pipeline;
using Portal.Core.Orders;
using Portal.Tests.Components;

namespace Portal.Tests.Pipeline;

/// <summary>The pipeline page over a portal with queues of its own on the local stack (fauxqs): dead letters are listed,
/// a viewer's redrive is refused on the server with nothing moved, an admin's moves them back to the queue.</summary>
public sealed class PipelinePageTests(PipelinePageTests.Portal fixture) : IClassFixture<PipelinePageTests.Portal>
{
    public sealed class Portal : IAsyncLifetime
    {
        public PortalServer Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var name = "pipeline-page-" + Guid.NewGuid().ToString("N")[..8];
            Server = await PortalServer.StartAsync(new Dictionary<string, string?>
            {
                ["Portal:Orders:Queue"] = name,
                ["Portal:Orders:DeadLetterQueue"] = name + "-dlq",
            });
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();

        public T Get<T>() where T : notnull => Server.Services.GetRequiredService<T>();

        public async Task<string> DeadLetterAsync(string orderId)
        {
            var url = await Get<OrderQueue>().DeadLetterUrlAsync();
            // A message with an order the consumer cannot apply (no items): the shape a poison message has.
            var body = new System.Text.Json.Nodes.JsonObject { ["id"] = Guid.NewGuid().ToString("N"), ["order"] = new System.Text.Json.Nodes.JsonObject { ["orderID"] = orderId } };
            await Get<IAmazonSQS>().SendMessageAsync(url, body.ToJsonString());
            return orderId;
        }

        public async Task<(long Queue, long DeadLetters)> DepthsAsync()
        {
            var snapshot = await Get<PipelineMonitor>().ReadAsync(0, 0);
            return (snapshot.Queue.Total, snapshot.DeadLetterQueue.Total);
        }
    }

    [Fact]
    public async Task Dead_letters_are_listed_and_a_viewer_whose_admin_rights_went_is_refused_redrive_with_nothing_moved()
    {
        var orderId = await fixture.DeadLetterAsync("poison-" + Guid.NewGuid().ToString("N")[..6]);
        await using var page = new PageContext(fixture.Server, PageContext.Admin());
        var cut = page.Render<PipelinePage>();
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=dead-letter-count]").TextContent.Trim()));
        Assert.Contains(orderId, cut.Find("[data-testid=dead-letter-order]").TextContent);

        page.ChangeUserBehindThePage(PageContext.Viewer());
        cut.Find("[data-testid=redrive]").Click();
        page.ClickInDialog("Redrive");

        cut.WaitForAssertion(() => Assert.Contains(page.SnackbarMessages, m => m.Contains("Only members of portal-admins may redrive dead letters")));
        Assert.Equal((0, 1), await fixture.DepthsAsync());
        await DrainDeadLettersAsync();
    }

    [Fact]
    public async Task An_admin_redrives_dead_letters_back_to_the_queue_after_confirming()
    {
        await fixture.DeadLetterAsync("poison-" + Guid.NewGuid().ToString("N")[..6]);
        await using var page = new PageContext(fixture.Server, PageContext.Admin());
        var cut = page.Render<PipelinePage>();
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=dead-letter-count]").TextContent.Trim()));

        cut.Find("[data-testid=redrive]").Click();
        page.ClickInDialog("Redrive");

        cut.WaitForAssertion(() => Assert.Contains(page.SnackbarMessages, m => m.Contains("1", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
        Assert.Equal((1, 0), await fixture.DepthsAsync());
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=dead-letter-count]").TextContent.Trim()));
        await DrainQueueAsync();
    }

    private async Task DrainDeadLettersAsync() => await PurgeAsync(await fixture.Get<OrderQueue>().DeadLetterUrlAsync());

    private async Task DrainQueueAsync() => await PurgeAsync(await fixture.Get<OrderQueue>().UrlAsync());

    private async Task PurgeAsync(string url)
    {
        var sqs = fixture.Get<IAmazonSQS>();
        while ((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 0 })).Messages is { Count: > 0 } messages)
            foreach (var m in messages)
                await sqs.DeleteMessageAsync(url, m.ReceiptHandle);
    }
}
