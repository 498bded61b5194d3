using System.Net;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;

namespace Portal.Core.Aws;

/// <summary>Turns a signed client's error answer (Query-protocol XML or JSON protocol) into the SDK's <see cref="AmazonServiceException"/>,
/// so every AWS error in the portal, SDK client or not, is caught and read the same way.</summary>
public static class AwsErrorResponse
{
    /// <summary>Query protocol (SNS): <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>.</summary>
    public static AmazonServiceException FromXml(HttpStatusCode status, string body, string? headerRequestId)
    {
        XElement? root = null;
        try
        {
            root = string.IsNullOrWhiteSpace(body) ? null : XElement.Parse(body);
        }
        catch (XmlException)
        {
            // Load balancers in front of AWS can answer 5xx with HTML; fall back to the status code below.
        }

        // Matched by local name: the xmlns changes with every API version.
        string? Find(string name) => root?.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        return Error(status, Find("Code"), Find("Message"), Find("RequestId") ?? headerRequestId);
    }

    /// <summary>JSON protocol: <c>{"__type": "com.amazonaws...#Code" or "Code", "message"|"Message": ...}</c>, id in x-amzn-RequestId.</summary>
    public static AmazonServiceException FromJson(HttpStatusCode status, string body, string? headerErrorType, string? headerRequestId)
    {
        string? type = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                type = StringProperty(document.RootElement, "__type") ?? StringProperty(document.RootElement, "code");
                message = StringProperty(document.RootElement, "message") ?? StringProperty(document.RootElement, "Message");
            }
        }
        catch (JsonException)
        {
            // Non-JSON error bodies (proxies, HTML pages) still carry a status code.
        }

        return Error(status, ShortErrorCode(headerErrorType ?? type), message, headerRequestId);
    }

    /// <summary>"com.amazonaws.secretsmanager#ResourceNotFoundException:http://..." becomes "ResourceNotFoundException".</summary>
    internal static string? ShortErrorCode(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
            return null;
        var hash = type.LastIndexOf('#');
        var code = hash >= 0 ? type[(hash + 1)..] : type;
        var colon = code.IndexOf(':');
        return colon >= 0 ? code[..colon] : code;
    }

    private static AmazonServiceException Error(HttpStatusCode status, string? code, string? message, string? requestId)
    {
        code ??= status.ToString();
        var type = (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender;
        return new AmazonServiceException(message ?? code, type, code, requestId, status);
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
