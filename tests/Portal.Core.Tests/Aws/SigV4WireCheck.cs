using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime.Internal.Auth;

namespace Portal.Core.Tests.Aws;

/// <summary>
/// Checks that the signature on a request as RECEIVED still matches its method, path, signed headers
/// and body; this catches anything HttpClient changes after signing (e.g. a Content-Type charset).
/// The canonical request is rebuilt here from the wire; the HMAC chain is the SDK's own.
/// </summary>
public static partial class SigV4WireCheck
{
    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, SignedHeaders=(?<headers>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    public static partial Regex AuthorizationShape();

    public static void AssertSigned(RecordedRequest request, string accessKey, string secretKey, string region, string service)
    {
        var authorization = AuthorizationShape().Match(request.Header("Authorization"));
        Assert.True(authorization.Success, $"Authorization header has the wrong shape: {request.Header("Authorization")}");
        Assert.Equal(accessKey, authorization.Groups["key"].Value);
        Assert.Equal(region, authorization.Groups["region"].Value);
        Assert.Equal(service, authorization.Groups["service"].Value);

        var signedHeaders = authorization.Groups["headers"].Value;
        var names = signedHeaders.Split(';');
        Assert.Contains("host", names);
        Assert.Contains("x-amz-date", names);

        var amzDate = request.Header("X-Amz-Date");
        Assert.StartsWith(authorization.Groups["date"].Value, amzDate, StringComparison.Ordinal);
        var signedAt = DateTime.ParseExact(
            amzDate, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

        var canonical = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(request.Path).Append('\n')
            .Append('\n'); // no query string on these calls
        foreach (var name in names)
        {
            canonical.Append(name).Append(':').Append(request.Header(name).Trim()).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n')
            .Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body))));

        var expected = AWS4Signer.ComputeSignature(
            accessKey, secretKey, region, signedAt, service, signedHeaders, canonical.ToString());
        Assert.Equal(expected.Signature, authorization.Groups["signature"].Value);
    }
}
