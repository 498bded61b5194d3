using System.Collections.Specialized;
using System.Net;
using System.Text;

namespace Portal.Core.Tests.Tokens;

public sealed record RecordedS3Put(string Method, string Path, NameValueCollection Headers, string Body);

/// <summary>
/// A loopback HTTP server in S3's place that records each request and answers as S3 does: 200 with an
/// ETag, or S3's XML error document. It exists because s3rver accepts and drops the encryption headers,
/// so only a recorder can show the PutObject asked for them.
/// </summary>
public sealed class LoopbackS3 : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly List<RecordedS3Put> _requests;
    private readonly int _status;
    private readonly string? _errorCode;

    public LoopbackS3(List<RecordedS3Put> requests, int status = 200, string? errorCode = null)
    {
        _requests = requests;
        _status = status;
        _errorCode = errorCode;
        var port = LocalStack.FreePort();
        ServiceUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(ServiceUrl + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string ServiceUrl { get; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (!_listener.IsListening) { return; }
            catch (HttpListenerException) { return; }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (_requests)
                _requests.Add(new RecordedS3Put(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Headers, body));

            context.Response.StatusCode = _status;
            context.Response.Headers["x-amz-request-id"] = "LOOPBACK1";
            if (_status == 200)
            {
                context.Response.Headers["ETag"] = "\"d41d8cd98f00b204e9800998ecf8427e\"";
                context.Response.ContentLength64 = 0;
            }
            else
            {
                var xml = Encoding.UTF8.GetBytes(
                    $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{_errorCode}</Code><Message>Access Denied</Message><RequestId>LOOPBACK1</RequestId></Error>");
                context.Response.ContentType = "application/xml";
                context.Response.ContentLength64 = xml.Length;
                await context.Response.OutputStream.WriteAsync(xml);
            }
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
