using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portal.Testing;

/// <summary>One request as it arrived on the wire.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    public string Header(string name) =>
        Headers.TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException($"Request has no {name} header.");

    /// <summary>The form body decoded into ordered name/value pairs (Query protocol).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Form =>
        Body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(parts => new KeyValuePair<string, string>(
                WebUtility.UrlDecode(parts[0]), WebUtility.UrlDecode(parts.Length > 1 ? parts[1] : string.Empty)))
            .ToList();
}

/// <summary>A canned answer; <see cref="DropConnection"/> cuts the connection mid-body (a transport failure).</summary>
public sealed record LoopbackResponse(int Status, string Body, string ContentType, IReadOnlyDictionary<string, string>? Headers = null)
{
    public bool DropConnection { get; init; }

    public static LoopbackResponse Xml(string body, int status = 200) => new(status, body, "text/xml");

    public static LoopbackResponse Json(string body, int status = 200, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, body, "application/x-amz-json-1.1", headers);

    public static LoopbackResponse Dropped() => new(0, string.Empty, "text/plain") { DropConnection = true };
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (free port) that records every request and answers with queued
/// responses in order, or with <c>answer</c> when given one (a stateful stand-in). An unexpected extra
/// request gets a 599 so the test fails loudly.
/// </summary>
public sealed class LoopbackAwsServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<LoopbackResponse> _responses = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Func<RecordedRequest, Task<LoopbackResponse>>? _answer;
    private readonly Task _loop;

    public LoopbackAwsServer(Func<RecordedRequest, Task<LoopbackResponse>>? answer = null)
    {
        _answer = answer;
        var port = LocalStack.FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public RecordedRequest SingleRequest => Assert.Single(Requests);

    public LoopbackAwsServer Enqueue(params LoopbackResponse[] responses)
    {
        foreach (var response in responses)
        {
            _responses.Enqueue(response);
        }

        return this;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with an exception when the listener closes.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = request.Headers.AllKeys
            .Where(k => k is not null)
            .ToDictionary(k => k!, k => request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(request.HttpMethod, request.Url!.AbsolutePath, headers, body);
        _requests.Enqueue(recorded);

        var answer = _answer is not null ? await _answer(recorded)
            : _responses.TryDequeue(out var queued) ? queued
            : new LoopbackResponse(599, "no response queued for this request", "text/plain");
        if (answer.DropConnection)
        {
            // Promise a body, send part of it, then cut the connection: the client sees a transport failure.
            context.Response.StatusCode = 200;
            context.Response.ContentLength64 = 1000;
            await context.Response.OutputStream.WriteAsync("<Resp"u8.ToArray());
            await context.Response.OutputStream.FlushAsync();
            context.Response.Abort();
            return;
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        var bytes = Encoding.UTF8.GetBytes(answer.Body);
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
