using System.Threading.Channels;

namespace Portal.Core.Vpcs;

/// <summary>Request ids waiting for the <see cref="VpcRunner"/>. In memory: a request lost with the process is still
/// Pending in DynamoDB, and the <see cref="VpcReconciler"/> queues it again.</summary>
public sealed class VpcWorkQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public ValueTask EnqueueAsync(string requestId, CancellationToken cancellationToken = default) =>
        _channel.Writer.WriteAsync(requestId, cancellationToken);

    internal ChannelReader<string> Reader => _channel.Reader;
}
