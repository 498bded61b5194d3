using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Tokens;

/// <summary>
/// The only way a token is ever shown or stored outside S3: the first 12 hex characters of its
/// SHA-256 and its length. Enough to tell two tokens apart, useless for calling the API.
/// </summary>
public readonly record struct TokenFingerprint(string Sha256Prefix, int Length)
{
    public const int PrefixLength = 12;

    public static TokenFingerprint Of(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return new TokenFingerprint(Convert.ToHexStringLower(hash)[..PrefixLength], token.Length);
    }

    public override string ToString() => $"sha256:{Sha256Prefix} ({Length} chars)";
}
