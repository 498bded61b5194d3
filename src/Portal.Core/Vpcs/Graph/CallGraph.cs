using System.Runtime.ExceptionServices;

namespace Portal.Core.Vpcs.Graph;

/// <summary>
/// Runs the EC2 calls of one request as a graph: each node starts as soon as the nodes it needs have finished, and every
/// EC2 call waits for a slot, so at most <c>maxCallsInFlight</c> calls are out at once (EC2 throttles bursts of mutating
/// calls). After the first failure no node starts a new call; nodes already in a call finish, so when
/// <see cref="CompleteAsync"/> throws nothing is in flight and the rollback sees everything that was made.
/// </summary>
internal sealed class CallGraph(int maxCallsInFlight, CancellationToken cancellationToken)
{
    private readonly SemaphoreSlim _slots = new(maxCallsInFlight, maxCallsInFlight);
    private readonly List<GraphNode> _nodes = [];
    private ExceptionDispatchInfo? _firstFailure;

    /// <summary>The nodes in the order added (every node after the nodes it needs): the call graph, for the critical path.</summary>
    public IReadOnlyList<GraphNode> Nodes => _nodes;

    /// <summary>Adds a node that runs <paramref name="body"/> once every node in <paramref name="after"/> has succeeded.</summary>
    public GraphNode<T> Add<T>(string name, IEnumerable<GraphNode?> after, Func<GraphNode, Task<T>> body, bool isWait = false)
    {
        var node = new GraphNode<T>(this, name, [.. after.OfType<GraphNode>()], isWait);
        _nodes.Add(node);
        node.Start(RunAsync(node, body));
        return node;
    }

    /// <summary>Waits for every node; rethrows the first failure (the one that stopped the graph).</summary>
    public async Task CompleteAsync()
    {
        try
        {
            await Task.WhenAll(_nodes.Select(n => n.Completion));
        }
        catch
        {
            // The first failure is rethrown below; the others are its consequences (nodes that did not start).
        }

        _firstFailure?.Throw();
    }

    /// <summary>The longest path through the graph when each EC2 call takes <paramref name="perCall"/> and each wait
    /// node (a NAT gateway becoming available) takes <paramref name="wait"/> plus the one call that sees it: the floor
    /// no schedule can beat.</summary>
    public TimeSpan CriticalPath(TimeSpan perCall, TimeSpan wait)
    {
        var finish = new Dictionary<GraphNode, TimeSpan>();
        foreach (var node in _nodes)
        {
            var start = node.After.Select(n => finish[n]).DefaultIfEmpty(TimeSpan.Zero).Max();
            finish[node] = start + (node.IsWait ? wait + perCall : perCall * node.Calls);
        }

        return finish.Values.DefaultIfEmpty(TimeSpan.Zero).Max();
    }

    /// <summary>The nodes of the path <see cref="CriticalPath"/> measures, first to last.</summary>
    public IReadOnlyList<GraphNode> CriticalPathNodes(TimeSpan perCall, TimeSpan wait)
    {
        var finish = new Dictionary<GraphNode, (TimeSpan At, GraphNode? From)>();
        foreach (var node in _nodes)
        {
            var from = node.After.OrderByDescending(n => finish[n].At).FirstOrDefault();
            var start = from is null ? TimeSpan.Zero : finish[from].At;
            finish[node] = (start + (node.IsWait ? wait + perCall : perCall * node.Calls), from);
        }

        var path = new List<GraphNode>();
        for (var node = finish.OrderByDescending(f => f.Value.At).Select(f => f.Key).FirstOrDefault(); node is not null; node = finish[node].From)
            path.Insert(0, node);
        return path;
    }

    internal async Task<T> CallAsync<T>(GraphNode node, Func<Task<T>> call)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            if (_firstFailure is not null)
                throw new GraphStoppedException();
            node.CountCall();
            return await call();
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<T> RunAsync<T>(GraphNode<T> node, Func<GraphNode, Task<T>> body)
    {
        await Task.Yield();
        foreach (var needed in node.After)
        {
            try
            {
                await needed.Completion;
            }
            catch
            {
                throw new GraphStoppedException();
            }
        }

        if (_firstFailure is not null)
            throw new GraphStoppedException();
        try
        {
            return await body(node);
        }
        catch (Exception ex) when (ex is not GraphStoppedException)
        {
            Interlocked.CompareExchange(ref _firstFailure, ExceptionDispatchInfo.Capture(ex), null);
            throw;
        }
    }
}

/// <summary>One step of a <see cref="CallGraph"/>.</summary>
internal abstract class GraphNode(CallGraph graph, string name, IReadOnlyList<GraphNode> after, bool isWait)
{
    private int _calls;

    public string Name => name;

    public IReadOnlyList<GraphNode> After => after;

    /// <summary>A node that waits on EC2 (polling) rather than asking it to do something.</summary>
    public bool IsWait => isWait;

    /// <summary>EC2 calls this node made.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public abstract Task Completion { get; }

    /// <summary>One EC2 call of this node, when a slot is free.</summary>
    public Task<TCall> CallAsync<TCall>(Func<Task<TCall>> call) => graph.CallAsync(this, call);

    public Task CallAsync(Func<Task> call) => graph.CallAsync(this, async () =>
    {
        await call();
        return true;
    });

    internal void CountCall() => Interlocked.Increment(ref _calls);
}

internal sealed class GraphNode<T>(CallGraph graph, string name, IReadOnlyList<GraphNode> after, bool isWait) : GraphNode(graph, name, after, isWait)
{
    private Task<T>? _task;

    public override Task Completion => _task!;

    /// <summary>The node's value; only read by nodes that list this one in their <c>after</c>.</summary>
    public T Result => _task!.Result;

    internal void Start(Task<T> task) => _task = task;
}

/// <summary>A node that did not run because an earlier node failed.</summary>
internal sealed class GraphStoppedException() : Exception("An earlier step failed; this one did not start.");
