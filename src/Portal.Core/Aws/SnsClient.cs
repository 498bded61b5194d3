using System.Xml.Linq;

namespace Portal.Core.Aws;

/// <summary>Signed SNS Query API client (API version 2010-03-31): the portal publishes notifications; in Local mode it
/// also creates its topics and their queue subscriptions (in AWS the CDK app owns them).</summary>
public sealed class SnsClient
{
    public const string ApiVersion = "2010-03-31";

    // SNS limits: subject under 100 ASCII characters without line breaks, message at most 256 KB.
    private const int MaxSubjectLength = 99;
    private const int MaxMessageBytes = 256 * 1024;

    private readonly SignedAwsTransport _transport;

    public SnsClient(HttpClient http, AwsClientOptions options)
    {
        _transport = new SignedAwsTransport(http, options, "sns");
    }

    public Uri Endpoint => _transport.Endpoint;

    /// <summary>Publishes to a topic and returns the SNS MessageId. A null subject is left out (email subscribers then see a default).
    /// Sent once: a retry after a lost answer could deliver the notification twice.</summary>
    public async Task<string> PublishAsync(string topicArn, string? subject, string message, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(topicArn) || !topicArn.StartsWith("arn:", StringComparison.Ordinal))
            throw new ArgumentException($"'{topicArn}' is not a topic ARN; use 'arn:aws:sns:<region>:<account>:<topic>'.", nameof(topicArn));
        ArgumentException.ThrowIfNullOrEmpty(message);
        if (System.Text.Encoding.UTF8.GetByteCount(message) > MaxMessageBytes)
            throw new ArgumentException("The SNS message is larger than 256 KB; shorten it or store the detail elsewhere.", nameof(message));

        var form = new List<KeyValuePair<string, string>> { new("Action", "Publish"), new("Version", ApiVersion), new("TopicArn", topicArn) };
        if (subject is not null)
        {
            ValidateSubject(subject);
            form.Add(new("Subject", subject));
        }

        form.Add(new("Message", message));
        var xml = await _transport.SendAsync(
            new FormUrlEncodedContent(form),
            sendOnce: true,
            (response, text) => AwsErrorResponse.FromXml(response.StatusCode, text, SignedAwsTransport.Header(response, "x-amzn-RequestId")),
            cancellationToken).ConfigureAwait(false);
        return XElement.Parse(xml).Descendants().FirstOrDefault(e => e.Name.LocalName == "MessageId")?.Value
            ?? throw new FormatException("SNS answered Publish without a MessageId.");
    }

    /// <summary>CreateTopic is idempotent: the existing topic's ARN when the name is taken.</summary>
    public async Task<string> CreateTopicAsync(string name, CancellationToken cancellationToken = default)
    {
        var xml = await CallAsync([new("Action", "CreateTopic"), new("Name", name)], cancellationToken).ConfigureAwait(false);
        return Value(xml, "TopicArn") ?? throw new FormatException("SNS answered CreateTopic without a TopicArn.");
    }

    /// <summary>Subscribes a queue (by ARN) to a topic; SNS answers the existing subscription when there is one.</summary>
    public async Task<string> SubscribeQueueAsync(string topicArn, string queueArn, CancellationToken cancellationToken = default)
    {
        var xml = await CallAsync(
            [new("Action", "Subscribe"), new("TopicArn", topicArn), new("Protocol", "sqs"), new("Endpoint", queueArn)],
            cancellationToken).ConfigureAwait(false);
        return Value(xml, "SubscriptionArn") ?? throw new FormatException("SNS answered Subscribe without a SubscriptionArn.");
    }

    private Task<string> CallAsync(List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        form.Insert(1, new("Version", ApiVersion));
        return _transport.SendAsync(
            new FormUrlEncodedContent(form),
            sendOnce: false,
            (response, text) => AwsErrorResponse.FromXml(response.StatusCode, text, SignedAwsTransport.Header(response, "x-amzn-RequestId")),
            cancellationToken);
    }

    private static string? Value(string xml, string name) =>
        XElement.Parse(xml).Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static void ValidateSubject(string subject)
    {
        if (subject.Length == 0 || subject.Length > MaxSubjectLength || subject.Any(c => c < 0x20 || c > 0x7E))
            throw new ArgumentException("The SNS subject must be 1 to 99 printable ASCII characters without line breaks.", nameof(subject));
    }
}
