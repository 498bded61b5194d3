using Amazon.Runtime;

namespace Portal.Core.Users;

/// <summary>What went wrong at Cognito, so callers branch on a kind rather than on strings.</summary>
public enum CognitoErrorKind
{
    UserNotFound,
    UsernameExists,
    AliasExists,
    InvalidParameter,
    TooManyRequests,
    NotAuthorized,
    LimitExceeded,
    ResourceNotFound,
    CodeDeliveryFailure,
    AccessDenied,
    CredentialsRefused,
    Unavailable,
    Other,
}

/// <summary>One call of the Cognito admin API, as much as an error message needs to name.</summary>
public sealed record CognitoCall(string Action, string UserPoolId, string? Username = null, string? Group = null, string? Email = null);

/// <summary>A Cognito error with a message that says what to change; <see cref="CognitoMessage"/> keeps Cognito's own words.</summary>
public sealed class CognitoException(CognitoErrorKind kind, string code, string message, string? cognitoMessage, Exception? inner = null)
    : Exception(message, inner)
{
    public CognitoErrorKind Kind { get; } = kind;

    /// <summary>Cognito's error code (<c>UserNotFoundException</c>), or the transport's failure.</summary>
    public string Code { get; } = code;

    public string? CognitoMessage { get; } = cognitoMessage;

    /// <summary>Cognito's error answer, typed and explained for the call it answered.</summary>
    public static CognitoException From(AmazonServiceException error, CognitoCall call)
    {
        var code = error.ErrorCode ?? error.StatusCode.ToString();
        var said = error.Message;
        var kind = (int)error.StatusCode >= 500 ? CognitoErrorKind.Unavailable : KindOf(code);
        return new CognitoException(kind, code, Explain(kind, code, said, call), said, error);
    }

    /// <summary>No answer at all (connection refused, timeout after the retries).</summary>
    public static CognitoException Unreachable(HttpRequestException error, CognitoCall call) =>
        new(CognitoErrorKind.Unavailable, "Unreachable", Explain(CognitoErrorKind.Unavailable, "Unreachable", error.Message, call), error.Message, error);

    private static CognitoErrorKind KindOf(string code) => code switch
    {
        "UserNotFoundException" => CognitoErrorKind.UserNotFound,
        "UsernameExistsException" => CognitoErrorKind.UsernameExists,
        "AliasExistsException" => CognitoErrorKind.AliasExists,
        "InvalidParameterException" or "SerializationException" => CognitoErrorKind.InvalidParameter,
        "TooManyRequestsException" or "ThrottlingException" => CognitoErrorKind.TooManyRequests,
        "NotAuthorizedException" => CognitoErrorKind.NotAuthorized,
        "LimitExceededException" => CognitoErrorKind.LimitExceeded,
        "ResourceNotFoundException" => CognitoErrorKind.ResourceNotFound,
        "CodeDeliveryFailureException" => CognitoErrorKind.CodeDeliveryFailure,
        "AccessDeniedException" => CognitoErrorKind.AccessDenied,
        "UnrecognizedClientException" or "MissingAuthenticationTokenException" or "IncompleteSignatureException"
            or "InvalidSignatureException" or "ExpiredTokenException" => CognitoErrorKind.CredentialsRefused,
        "InternalErrorException" => CognitoErrorKind.Unavailable,
        _ => CognitoErrorKind.Other,
    };

    private static string Explain(CognitoErrorKind kind, string code, string said, CognitoCall call) => kind switch
    {
        CognitoErrorKind.UserNotFound =>
            $"There is no user '{call.Username}' in the user pool: check the username (it is case-sensitive) or reload the list.",
        CognitoErrorKind.UsernameExists => $"The username '{call.Username}' is taken: choose another.",
        CognitoErrorKind.AliasExists => $"Another user already has the email '{call.Email}': use a different email.",
        CognitoErrorKind.InvalidParameter => $"Cognito refused a value in {call.Action}: {said} Correct it and try again.",
        CognitoErrorKind.TooManyRequests => "Cognito is throttling the portal's requests: wait a few seconds and try again.",
        CognitoErrorKind.NotAuthorized => $"Cognito did not allow {call.Action} for '{call.Username}': {said} If the user is disabled, enable them first.",
        CognitoErrorKind.LimitExceeded =>
            $"A Cognito limit was reached: {said} Try again later, or raise the limit in the user pool's settings.",
        CognitoErrorKind.ResourceNotFound => call.Group is null
            ? $"Cognito does not know the user pool '{call.UserPoolId}' ({said}): check Portal:Auth:UserPoolId."
            : $"Cognito does not know the user pool '{call.UserPoolId}' or the group '{call.Group}' ({said}): check Portal:Auth:UserPoolId and Portal:Auth:AdminGroup.",
        CognitoErrorKind.CodeDeliveryFailure => $"Cognito could not send the invitation to '{call.Email}': check the email address.",
        CognitoErrorKind.AccessDenied =>
            $"The portal may not call cognito-idp:{call.Action} on user pool '{call.UserPoolId}': grant it to the portal's role (infra/, PortalTaskRole).",
        CognitoErrorKind.CredentialsRefused =>
            $"Cognito refused the portal's AWS credentials ({code}: {said}): check the role or keys the portal runs with.",
        CognitoErrorKind.Unavailable => $"Cognito did not complete {call.Action} ({code}): try again in a moment.",
        _ => $"Cognito refused {call.Action} ({code}): {said}",
    };
}
