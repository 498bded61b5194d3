using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Portal.Core.Tokens;

/// <summary>
/// Checks <see cref="TokenRefreshOptions"/> on start and names every bad key with what to change.
/// In AWS the secret comes only by Secrets Manager ARN; a plain ClientSecret is for the local stack.
/// </summary>
public sealed partial class TokenRefreshOptionsValidator(bool runsInAws) : IValidateOptions<TokenRefreshOptions>
{
    private const string P = TokenRefreshOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, TokenRefreshOptions options)
    {
        var errors = Check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public IReadOnlyList<string> Check(TokenRefreshOptions options)
    {
        var errors = new List<string>();
        void Add(string key, string message) => errors.Add($"{P}{key}: {message}");

        if (!AwsCron.TryParse(options.Schedule, out _, out var cronError))
            Add("Schedule", cronError);

        CheckEndpoint(options.TokenEndpoint, Add);

        if (string.IsNullOrWhiteSpace(options.ClientId))
            Add("ClientId", "is required; set the app client id issued by the token server");
        else if (options.ClientId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || options.ClientId.Length > 256)
            Add("ClientId", "must be at most 256 characters with no spaces or control characters");

        if (!string.IsNullOrWhiteSpace(options.Scope) && !ScopePattern().IsMatch(options.Scope.Trim()))
            Add("Scope", $"'{options.Scope}' is not a valid OAuth scope list; separate scopes with single spaces and avoid quotes and backslashes");

        if (!TokenAuthMethodNames.TryParse(options.AuthMethod, out _))
            Add("AuthMethod", $"'{options.AuthMethod}' is not supported; use {TokenAuthMethodNames.ClientSecretBasic} or {TokenAuthMethodNames.ClientSecretPost}");

        CheckSecret(options, Add);
        CheckStorage(options, Add);

        if (options.ExpiringSoonWindow <= TimeSpan.Zero || options.ExpiringSoonWindow > TimeSpan.FromDays(1))
            Add("ExpiringSoonWindow", $"'{options.ExpiringSoonWindow}' must be more than 0 and at most 1.00:00:00 (e.g. 00:10:00)");
        var timeoutValid = options.Timeout >= TimeSpan.FromSeconds(1) && options.Timeout <= TimeSpan.FromMinutes(2);
        if (!timeoutValid)
            Add("Timeout", $"'{options.Timeout}' must be between 00:00:01 and 00:02:00");
        if (options.SchedulerPollInterval < TimeSpan.FromMilliseconds(10) || options.SchedulerPollInterval > TimeSpan.FromMinutes(1))
            Add("SchedulerPollInterval", $"'{options.SchedulerPollInterval}' must be between 00:00:00.010 and 00:01:00 (e.g. 00:00:15)");
        // Compared with the timeout only when that is valid, so one bad key gives one error.
        if ((timeoutValid && options.LeaseDuration < options.Timeout + TimeSpan.FromSeconds(30)) || options.LeaseDuration > TimeSpan.FromHours(1))
            Add("LeaseDuration", $"'{options.LeaseDuration}' must be at least Timeout + 30 s ({options.Timeout + TimeSpan.FromSeconds(30)}) so a live run keeps its lease, and at most 01:00:00");

        return errors;
    }

    private static void CheckEndpoint(string? endpoint, Action<string, string> add)
    {
        const string key = "TokenEndpoint";
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            add(key, "is required; set the OAuth token URL, e.g. https://<domain>.auth.<region>.amazoncognito.com/oauth2/token");
            return;
        }
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            add(key, $"'{endpoint}' is not an absolute http(s) URL");
            return;
        }
        // The client secret travels in the request, so only the local stack may use plain http.
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            add(key, $"'{endpoint}' must use https (plain http is allowed only for 127.0.0.1/localhost)");
        if (uri.UserInfo.Length > 0)
            add(key, "must not contain credentials before '@'; use ClientId and the secret settings");
        if (uri.Fragment.Length > 0)
            add(key, $"'{endpoint}' must not contain a '#' fragment");
    }

    private void CheckSecret(TokenRefreshOptions options, Action<string, string> add)
    {
        if (runsInAws)
        {
            if (string.IsNullOrWhiteSpace(options.SecretArn))
                add("SecretArn", "is required in AWS; set the Secrets Manager ARN of the client secret");
            else if (!SecretArnPattern().IsMatch(options.SecretArn))
                add("SecretArn", $"'{options.SecretArn}' is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)");
            if (!string.IsNullOrEmpty(options.ClientSecret))
                add("ClientSecret", "must not be set in AWS; secrets come only from Secrets Manager by SecretArn (remove it from configuration)");
        }
        else if (string.IsNullOrEmpty(options.ClientSecret))
        {
            add("ClientSecret", "is required in local mode; set the client secret of the local token server (user secrets or environment)");
        }
    }

    private static void CheckStorage(TokenRefreshOptions options, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(options.Bucket))
            add("Bucket", "is required; set the S3 bucket that holds the token");
        else if (BucketNameProblem(options.Bucket) is { } problem)
            add("Bucket", $"'{options.Bucket}' {problem}");

        if (string.IsNullOrWhiteSpace(options.ObjectKey))
            add("ObjectKey", "is required (default access_token.txt)");
        else if (Encoding.UTF8.GetByteCount(options.ObjectKey) > 1024)
            add("ObjectKey", "is longer than S3's 1024-byte key limit");
        else if (options.ObjectKey.StartsWith('/'))
            add("ObjectKey", $"'{options.ObjectKey}' must not start with '/'; S3 keys have no leading slash");

        if (options.Sse is not (TokenRefreshOptions.SseS3 or TokenRefreshOptions.SseKms))
            add("Sse", $"'{options.Sse}' is not supported; use {TokenRefreshOptions.SseS3} or {TokenRefreshOptions.SseKms}");
        else if (options.Sse == TokenRefreshOptions.SseS3 && !string.IsNullOrEmpty(options.KmsKeyId))
            add("KmsKeyId", $"is set but Sse is {TokenRefreshOptions.SseS3}; set Sse to {TokenRefreshOptions.SseKms} or remove KmsKeyId");
        else if (!string.IsNullOrEmpty(options.KmsKeyId) && !KmsKeyPattern().IsMatch(options.KmsKeyId))
            add("KmsKeyId", $"'{options.KmsKeyId}' is not a KMS key id, key ARN, alias/<name> or alias ARN");
    }

    /// <summary>S3 general purpose bucket naming rules.</summary>
    private static string? BucketNameProblem(string bucket)
    {
        if (bucket.Length is < 3 or > 63) return "must be 3-63 characters long";
        if (!BucketCharsPattern().IsMatch(bucket)) return "may contain only lowercase letters, digits, '.' and '-', and must start and end with a letter or digit";
        if (bucket.Contains("..")) return "must not contain two adjacent periods";
        if (IPAddress.TryParse(bucket, out _)) return "must not look like an IP address";
        if (bucket.StartsWith("xn--") || bucket.StartsWith("sthree-") || bucket.EndsWith("-s3alias") || bucket.EndsWith("--ol-s3"))
            return "uses a prefix or suffix S3 reserves (xn--, sthree-, -s3alias, --ol-s3)";
        return null;
    }

    // RFC 6749 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), joined by single spaces.
    [GeneratedRegex(@"^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$")]
    private static partial Regex ScopePattern();

    [GeneratedRegex(@"^arn:aws(-cn|-us-gov|-iso|-iso-b)?:secretsmanager:[a-z]{2}(-[a-z]+)+-\d+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$")]
    private static partial Regex SecretArnPattern();

    [GeneratedRegex(@"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias/[A-Za-z0-9/_-]+|arn:aws(-cn|-us-gov|-iso|-iso-b)?:kms:[a-z]{2}(-[a-z]+)+-\d+:\d{12}:(key/(mrk-)?[0-9a-f-]+|alias/[A-Za-z0-9/_-]+))$")]
    private static partial Regex KmsKeyPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")]
    private static partial Regex BucketCharsPattern();
}
