using System.Net;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Portal.Core.Aws;

/// <summary>Turns an AWS error answer (EC2 XML, Query-protocol XML, or JSON protocol) into an <see cref="AwsServiceException"/>.</summary>
public static class AwsErrorResponse
{
    /// <summary>
    /// EC2: <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;/Errors&gt;&lt;RequestID/&gt;&lt;/Response&gt;</c>;
    /// Query protocol (SNS, SQS, IAM): <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>.
    /// </summary>
    public static AwsServiceException FromXml(string service, HttpStatusCode status, string body, string? headerRequestId)
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

        var error = root?.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == "Error");
        var code = error?.ChildValue("Code");
        var message = error?.ChildValue("Message");
        var requestId = root?.Descendants()
            .FirstOrDefault(e => e.Name.LocalName is "RequestID" or "RequestId")?.Value;
        return new AwsServiceException(service, status, code ?? FallbackCode(status), message, requestId ?? headerRequestId);
    }

    /// <summary>JSON protocol: <c>{"__type": "com.amazonaws...#Code" or "Code", "message"|"Message": ...}</c>, id in x-amzn-RequestId.</summary>
    public static AwsServiceException FromJson(string service, HttpStatusCode status, string body, string? headerErrorType, string? headerRequestId)
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

        var code = ShortErrorCode(headerErrorType ?? type);
        return new AwsServiceException(service, status, code ?? FallbackCode(status), message, headerRequestId);
    }

    /// <summary>"com.amazonaws.secretsmanager#ResourceNotFoundException:http://..." becomes "ResourceNotFoundException".</summary>
    internal static string? ShortErrorCode(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }

        var hash = type.LastIndexOf('#');
        var code = hash >= 0 ? type[(hash + 1)..] : type;
        var colon = code.IndexOf(':');
        return colon >= 0 ? code[..colon] : code;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string FallbackCode(HttpStatusCode status) => status.ToString();
}
