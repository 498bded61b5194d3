using System.Diagnostics.CodeAnalysis;

namespace Portal.Core.Tokens;

public enum TokenFetchFailureKind
{
    Timeout,
    ConnectionFailed,
    HttpError,
    InvalidJson,
    MissingAccessToken,
    InvalidExpiresIn,
}

/// <summary>
/// The outcome of one token request: a grant, or a failure with a reason a person can act on.
/// Reasons never contain the token or the client secret.
/// </summary>
public sealed class TokenFetchResult
{
    private TokenFetchResult(AccessTokenGrant? grant, TokenFetchFailureKind? failure, int? httpStatus, string? reason, string? oauthError)
    {
        Grant = grant;
        FailureKind = failure;
        HttpStatus = httpStatus;
        Reason = reason;
        OAuthError = oauthError;
    }

    [MemberNotNullWhen(true, nameof(Grant))]
    [MemberNotNullWhen(false, nameof(FailureKind), nameof(Reason))]
    public bool Succeeded => Grant is not null;

    public AccessTokenGrant? Grant { get; }
    public TokenFetchFailureKind? FailureKind { get; }

    /// <summary>The HTTP status the endpoint answered with, when it answered at all.</summary>
    public int? HttpStatus { get; }

    public string? Reason { get; }

    /// <summary>The OAuth <c>error</c> code from an error response (e.g. invalid_client), when present.</summary>
    public string? OAuthError { get; }

    public static TokenFetchResult Success(AccessTokenGrant grant, int httpStatus) => new(grant, null, httpStatus, null, null);

    public static TokenFetchResult Failure(TokenFetchFailureKind kind, string reason, int? httpStatus = null, string? oauthError = null) =>
        new(null, kind, httpStatus, reason, oauthError);

    public override string ToString() => Succeeded ? $"Succeeded: {Grant}" : $"Failed ({FailureKind}): {Reason}";
}
