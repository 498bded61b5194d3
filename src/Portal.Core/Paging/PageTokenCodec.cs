using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace Portal.Core.Paging;

/// <summary>Opaque, tamper-proof paging tokens: where a listing stopped (DynamoDB's LastEvaluatedKey, or a feature's
/// own cursors) as JSON, bound to the query it came from (its filters), so it cannot be replayed against another
/// filter, and signed with HMAC-SHA256, so a modified token is refused instead of reaching DynamoDB.</summary>
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

    /// <summary>A token for a DynamoDB LastEvaluatedKey.</summary>
    public string Encode(IReadOnlyDictionary<string, AttributeValue> lastEvaluatedKey, string query) =>
        Encode(lastEvaluatedKey.ToDictionary(p => p.Key, p => KeyPart.From(p.Key, p.Value)), query);

    /// <summary>The ExclusiveStartKey to continue from, or an error that says what to do.</summary>
    public PageTokenResult Decode(string token, string query)
    {
        var decoded = Decode<Dictionary<string, KeyPart>>(token, query);
        return decoded.IsValid
            ? new PageTokenResult(decoded.Position!.ToDictionary(p => p.Key, p => p.Value.ToAttribute()), null)
            : PageTokenResult.Refused(decoded.Error!);
    }

    /// <summary>A token for any JSON-serialisable position.</summary>
    public string Encode<T>(T position, string query)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new TokenBody<T>(Version, QueryHash(query), position));
        return Base64Url(payload) + "." + Base64Url(Sign(payload));
    }

    public PageTokenResult<T> Decode<T>(string token, string query)
        where T : class
    {
        var parts = token.Split('.');
        if (parts.Length != 2 || !TryFromBase64Url(parts[0], out var payload) || !TryFromBase64Url(parts[1], out var signature))
            return new(null, "The page token is malformed: start again from the first page.");
        if (!CryptographicOperations.FixedTimeEquals(Sign(payload), signature))
            return new(null, "The page token was modified or comes from another portal: start again from the first page.");

        TokenBody<T>? body;
        try
        {
            body = JsonSerializer.Deserialize<TokenBody<T>>(payload);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null || body.V != Version || body.K is null)
            return new(null, "The page token is from an older portal version: start again from the first page.");
        if (body.Q != QueryHash(query))
            return new(null, "The page token belongs to other filters: start again from the first page.");
        return new(body.K, null);
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

    private sealed record TokenBody<T>(int V, string Q, T? K);

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

/// <summary>The position a token carried, or why it was refused (a message that says what to do).</summary>
public sealed record PageTokenResult<T>(T? Position, string? Error)
    where T : class
{
    public bool IsValid => Error is null;
}
