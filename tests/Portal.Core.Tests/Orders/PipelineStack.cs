using System.Security.Claims;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Identity;
using Portal.Core.Orders;

namespace Portal.Core.Tests.Orders;

/// <summary>The orders pipeline on the shared local stack, with quick failure cycles: a failed message is back after 1 s and
/// goes to the dead-letter queue on its 3rd failed receive.</summary>
public sealed class PipelineStack : OrdersStack
{
    public const int MaxReceiveCount = 3;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Portal:Orders:VisibilityTimeoutSeconds"] = "1",
        ["Portal:Orders:MaxReceiveCount"] = MaxReceiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public IAmazonSQS Sqs => Get<IAmazonSQS>();

    public static ClaimsPrincipal User(string username, params string[] groups) => new(new ClaimsIdentity(
        [new Claim(CognitoClaims.Username, username), .. groups.Select(g => new Claim(CognitoClaims.Groups, g))],
        "test", CognitoClaims.Username, CognitoClaims.Groups));

    /// <summary>Receives (no long poll) until <paramref name="done"/> holds, at most <paramref name="seconds"/>.</summary>
    public async Task<List<ConsumeResult>> ConsumeUntilAsync(Func<Task<bool>> done, int seconds = 15)
    {
        var consumer = Get<OrderConsumer>();
        var results = new List<ConsumeResult>();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"the pipeline did not settle within {seconds} s");
            var result = await consumer.ReceiveOnceAsync(waitSeconds: 1);
            results.Add(result);
        }

        return results;
    }

    public async Task<QueueDepth> DepthAsync(bool deadLetter = false) =>
        deadLetter ? (await Get<PipelineMonitor>().ReadAsync(0, 0)).DeadLetterQueue : (await Get<PipelineMonitor>().ReadAsync(0, 0)).Queue;
}
