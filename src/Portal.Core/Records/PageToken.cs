using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace Portal.Core.Records;

/// <summary>Opaque, tamper-proof paging tokens over DynamoDB's LastEvaluatedKey. The token is bound to the
/// query it came from (its filters), so it cannot be replayed against another filter, and it is signed
/// with HMAC-SHA256, so a modified token is refused instead of reaching DynamoDB.</summary>
public sealed class PageTokenCodec
{
    private const int Version = 1;
    private readonly byte[] _key;

    public PageTokenCodec(byte[] key)
    {
        if (key.Length < 32)
            throw new ArgumentException("The page token key needs at least 32 bytes.", nameof(key));
        _key = key;
    }

    public string Encode(IReadOnlyDictionary<string, AttributeValue> lastEvaluatedKey, string query)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new TokenBody(
            Version,
            QueryHash(query),
            lastEvaluatedKey.ToDictionary(p => p.Key, p => KeyPart.From(p.Key, p.Value))));
        return Base64Url(payload) + "." + Base64Url(Sign(payload));
    }

    /// <summary>The key to continue from, or an error that says what to do.</summary>
    public PageTokenResult Decode(string token, string query)
    {
        var parts = token.Split('.');
        if (parts.Length != 2 || !TryFromBase64Url(parts[0], out var payload) || !TryFromBase64Url(parts[1], out var signature))
            return PageTokenResult.Refused("The page token is malformed: start again from the first page.");
        if (!CryptographicOperations.FixedTimeEquals(Sign(payload), signature))
            return PageTokenResult.Refused("The page token was modified or comes from another portal: start again from the first page.");

        TokenBody? body;
        try
        {
            body = JsonSerializer.Deserialize<TokenBody>(payload);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null || body.V != Version || body.K is null)
            return PageTokenResult.Refused("The page token is from an older portal version: start again from the first page.");
        if (body.Q != QueryHash(query))
            return PageTokenResult.Refused("The page token belongs to other filters: start again from the first page.");
        return new PageTokenResult(body.K.ToDictionary(p => p.Key, p => p.Value.ToAttribute()), null);
    }

    private byte[] Sign(byte[] payload) => HMACSHA256.HashData(_key, payload);

    private static string QueryHash(string query) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(query)))[..16];

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written == 0)
            return false;
        bytes = bytes[..written];
        // Refuse non-canonical spellings (other unused low bits in the last character) so that any
        // change to the token's text is a refusal, not a silent equivalent.
        return Base64Url(bytes) == text;
    }

    private sealed record TokenBody(int V, string Q, Dictionary<string, KeyPart>? K);

    /// <summary>Key attributes are strings or numbers in this portal's tables.</summary>
    private sealed record KeyPart(string? S, string? N)
    {
        public static KeyPart From(string name, AttributeValue value) =>
            value.S is not null ? new KeyPart(value.S, null)
            : value.N is not null ? new KeyPart(null, value.N)
            : throw new ArgumentException($"Key attribute '{name}' is neither a string nor a number.");

        public AttributeValue ToAttribute() => S is not null ? new AttributeValue { S = S } : new AttributeValue { N = N };
    }
}

public sealed record PageTokenResult(Dictionary<string, AttributeValue>? StartKey, string? Error)
{
    public bool IsValid => Error is null;

    public static PageTokenResult Refused(string error) => new(null, error);
}
