using System.Net;

namespace Portal.Core.Aws;

/// <summary>An error answer from an AWS service, with the fields AWS returns for every protocol.</summary>
public sealed class AwsServiceException : Exception
{
    // Codes AWS documents as throttling across the Query and JSON protocols.
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "RequestLimitExceeded",
        "Throttling",
        "ThrottlingException",
        "TooManyRequestsException",
    };

    public AwsServiceException(string service, HttpStatusCode httpStatusCode, string errorCode, string? awsMessage, string? requestId)
        : base(Describe(service, httpStatusCode, errorCode, awsMessage, requestId))
    {
        Service = service;
        HttpStatusCode = httpStatusCode;
        ErrorCode = errorCode;
        AwsMessage = awsMessage;
        RequestId = requestId;
    }

    public string Service { get; }

    public HttpStatusCode HttpStatusCode { get; }

    /// <summary>The AWS error code, e.g. <c>InvalidVpc.Range</c> or <c>ParameterNotFound</c>.</summary>
    public string ErrorCode { get; }

    public string? AwsMessage { get; }

    public string? RequestId { get; }

    public bool IsThrottling => ThrottlingCodes.Contains(ErrorCode);

    /// <summary>Throttling and server-side failures may succeed later; any other client error will not.</summary>
    public bool IsRetryable => IsThrottling || (int)HttpStatusCode >= 500;

    private static string Describe(string service, HttpStatusCode status, string code, string? message, string? requestId) =>
        $"{service} returned {code} (HTTP {(int)status}): {message ?? "no message"}" +
        (requestId is null ? string.Empty : $" [request id {requestId}]");
}
