using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portal.Core.Tests.Tokens;

/// <summary>What the token endpoint received.</summary>
public sealed record RecordedRequest(string Method, string Path, string? Authorization, string? ContentType, string? Accept, string Body)
{
    public Dictionary<string, string> Form =>
        Body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => WebUtility.UrlDecode(p[0]), p => WebUtility.UrlDecode(p.Length > 1 ? p[1] : ""));
}

/// <summary>The answer the endpoint gives; Delay holds the answer back to provoke client timeouts.</summary>
public sealed record CannedResponse(int Status, string Body, string ContentType = "application/json", TimeSpan Delay = default);

/// <summary>A real HTTP server on 127.0.0.1 (HttpListener) standing in for an OAuth token endpoint.</summary>
public sealed class LoopbackTokenServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Func<RecordedRequest, CannedResponse> _respond;

    public LoopbackTokenServer(Func<RecordedRequest, CannedResponse> respond)
    {
        _respond = respond;
        Port = LocalStack.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public LoopbackTokenServer(CannedResponse response) : this(_ => response)
    {
    }

    public int Port { get; }
    public Uri TokenEndpoint => new($"http://127.0.0.1:{Port}/oauth2/token");
    public List<RecordedRequest> Requests { get; } = [];

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var recorded = new RecordedRequest(
            context.Request.HttpMethod,
            context.Request.Url!.AbsolutePath,
            context.Request.Headers["Authorization"],
            context.Request.ContentType,
            context.Request.Headers["Accept"],
            await reader.ReadToEndAsync());
        lock (Requests) Requests.Add(recorded);

        var canned = _respond(recorded);
        try
        {
            if (canned.Delay > TimeSpan.Zero) await Task.Delay(canned.Delay, _stop.Token);
            var bytes = Encoding.UTF8.GetBytes(canned.Body);
            context.Response.StatusCode = canned.Status;
            context.Response.ContentType = canned.ContentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception) when (_stop.IsCancellationRequested || canned.Delay > TimeSpan.Zero)
        {
            // The client gave up (timeout test) or the server is stopping; nobody is left to answer.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        await _loop;
        _stop.Dispose();
    }
}
