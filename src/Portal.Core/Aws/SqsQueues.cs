using System.Collections.Concurrent;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Portal.Core.Aws;

/// <summary>Queues are configured by name (the same in every environment, resolved with GetQueueUrl once) or by URL
/// (the runtime parameter in AWS). Resolved URLs are cached for the process.</summary>
public sealed class SqsQueues(IAmazonSQS sqs)
{
    private readonly ConcurrentDictionary<string, Task<string>> _urls = new(StringComparer.Ordinal);

    public static bool IsUrl(string nameOrUrl) =>
        nameOrUrl.StartsWith("https://", StringComparison.Ordinal) || nameOrUrl.StartsWith("http://", StringComparison.Ordinal);

    /// <summary>The queue's URL; a failed lookup is not cached, so a queue created later is found on the next call.</summary>
    public async Task<string> UrlAsync(string nameOrUrl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrUrl);
        if (IsUrl(nameOrUrl))
            return nameOrUrl;
        var lookup = _urls.GetOrAdd(nameOrUrl, name => LookUpAsync(name));
        try
        {
            return await lookup.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lookup.IsFaulted)
        {
            _urls.TryRemove(new KeyValuePair<string, Task<string>>(nameOrUrl, lookup));
            throw;
        }
    }

    public async Task<string> ArnAsync(string nameOrUrl, CancellationToken cancellationToken = default)
    {
        var response = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = await UrlAsync(nameOrUrl, cancellationToken),
            AttributeNames = ["QueueArn"],
        }, cancellationToken);
        return response.Attributes["QueueArn"];
    }

    private async Task<string> LookUpAsync(string name) =>
        (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = name })).QueueUrl;
}

/// <summary>A queue a feature needs (with its dead-letter queue and redrive policy when <see cref="DeadLetter"/> is set).
/// In Local mode the portal creates it on start; in AWS the CDK app owns it.</summary>
public sealed record SqsQueue(string Name, string? DeadLetter = null, int MaxReceiveCount = 5, int VisibilityTimeoutSeconds = 30);

/// <summary>An SNS topic a feature publishes to, with the queues subscribed to it (Local mode creates them).</summary>
public sealed record SnsTopic(string Name, IReadOnlyList<string> SubscribedQueues);

/// <summary>Creates the declared queues, topics and subscriptions on the local stack (fauxqs keeps them in memory,
/// so every start creates them again; every call is idempotent).</summary>
public sealed class LocalMessaging(IAmazonSQS sqs, SnsClient sns, SqsQueues queues, IEnumerable<SqsQueue> declaredQueues, IEnumerable<SnsTopic> topics)
{
    public async Task<IReadOnlyList<string>> EnsureAsync(CancellationToken cancellationToken)
    {
        var created = new List<string>();
        var all = declaredQueues.DistinctBy(q => q.Name).ToList();
        // Dead-letter queues first: a redrive policy names its queue's ARN.
        foreach (var queue in all.Where(q => all.Any(other => other.DeadLetter == q.Name)).Concat(all).DistinctBy(q => q.Name))
        {
            var attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = queue.VisibilityTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (queue.DeadLetter is not null)
            {
                var deadLetterArn = await queues.ArnAsync(queue.DeadLetter, cancellationToken);
                attributes["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{deadLetterArn}}","maxReceiveCount":"{{queue.MaxReceiveCount}}"}""";
            }

            await sqs.CreateQueueAsync(new Amazon.SQS.Model.CreateQueueRequest { QueueName = queue.Name, Attributes = attributes }, cancellationToken);
            created.Add($"queue {queue.Name}");
        }

        foreach (var topic in topics.DistinctBy(t => t.Name))
        {
            var arn = await sns.CreateTopicAsync(topic.Name, cancellationToken);
            created.Add($"topic {topic.Name}");
            foreach (var queue in topic.SubscribedQueues.Distinct(StringComparer.Ordinal))
            {
                await sqs.CreateQueueAsync(queue, cancellationToken);
                await sns.SubscribeQueueAsync(arn, await queues.ArnAsync(queue, cancellationToken), cancellationToken);
            }
        }

        return created;
    }
}
