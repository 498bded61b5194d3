using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Portal.Core.Aws;

/// <summary>
/// AWS Query protocol (EC2, SNS): a signed form POST of <c>Action=..&amp;Version=..&amp;params</c>
/// to the service endpoint, answered with XML.
/// </summary>
public sealed class AwsQueryClient
{
    private readonly SignedAwsTransport _transport;
    private readonly string _apiVersion;

    /// <param name="signingName">SigV4 service name, e.g. "ec2".</param>
    /// <param name="apiVersion">The API's Version parameter, e.g. "2016-11-15".</param>
    public AwsQueryClient(HttpClient http, AwsClientOptions options, string signingName, string apiVersion)
    {
        if (string.IsNullOrWhiteSpace(apiVersion))
        {
            throw new ArgumentException("Give the Query API version, e.g. '2016-11-15' for EC2.", nameof(apiVersion));
        }

        _transport = new SignedAwsTransport(http, options, signingName, endpointPrefix: signingName);
        _apiVersion = apiVersion;
    }

    public Uri Endpoint => _transport.Endpoint;

    /// <summary>Calls <paramref name="action"/> and returns the root element of the XML answer.</summary>
    public async Task<XElement> SendAsync(
        string action,
        IEnumerable<KeyValuePair<string, string>> parameters,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        var body = FormBody(action, parameters);
        var xml = await _transport.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, _transport.Endpoint) { Content = FormContent(body) },
            (response, text) => AwsErrorResponse.FromXml(
                _transport.Service, response.StatusCode, text, SignedAwsTransport.Header(response, "x-amzn-RequestId")),
            cancellationToken).ConfigureAwait(false);
        try
        {
            return XElement.Parse(xml);
        }
        catch (XmlException error)
        {
            throw new FormatException($"{_transport.Service} {action} answered with a body that is not XML.", error);
        }
    }

    private string FormBody(string action, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var builder = new StringBuilder();
        Append(builder, "Action", action);
        Append(builder, "Version", _apiVersion);
        foreach (var (name, value) in parameters)
        {
            Append(builder, name, value);
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string name, string value)
    {
        if (builder.Length > 0)
        {
            builder.Append('&');
        }

        // RFC 3986 encoding, as the AWS SDKs send it.
        builder.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static ByteArrayContent FormContent(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        return content;
    }
}
