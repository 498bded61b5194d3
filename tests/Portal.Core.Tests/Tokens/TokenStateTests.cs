using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

public class TokenStateTests
{
    private static readonly DateTimeOffset Fetched = new(2026, 3, 10, 10, 15, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Expires = Fetched.AddHours(1);

    [Theory]
    [InlineData(0, TokenStatus.Valid)]            // just fetched
    [InlineData(49 * 60 + 59, TokenStatus.Valid)] // 10 min 1 s left
    [InlineData(50 * 60, TokenStatus.ExpiringSoon)] // exactly 10 min left: inside the window
    [InlineData(59 * 60 + 59, TokenStatus.ExpiringSoon)]
    [InlineData(60 * 60, TokenStatus.Expired)]      // the expiry instant itself
    [InlineData(3 * 60 * 60, TokenStatus.Expired)]
    public void Status_follows_time_to_expiry_with_the_default_window(int secondsAfterFetch, TokenStatus expected)
    {
        var now = Fetched.AddSeconds(secondsAfterFetch);

        var state = TokenState.Classify(Fetched, Expires, now);

        Assert.Equal(expected, state.Status);
        Assert.Equal(TimeSpan.FromSeconds(secondsAfterFetch), state.Age);
        Assert.Equal(Expires - now, state.TimeToExpiry);
    }

    [Fact]
    public void A_custom_window_moves_the_expiring_soon_boundary()
    {
        var now = Expires.AddMinutes(-20);
        Assert.Equal(TokenStatus.Valid, TokenState.Classify(Fetched, Expires, now).Status);
        Assert.Equal(TokenStatus.ExpiringSoon, TokenState.Classify(Fetched, Expires, now, TimeSpan.FromMinutes(20)).Status);
        Assert.Equal(TokenStatus.Valid, TokenState.Classify(Fetched, Expires, now, TimeSpan.Zero).Status);
    }

    [Fact]
    public void Expired_reports_a_negative_time_to_expiry()
    {
        var state = TokenState.Classify(Fetched, Expires, Expires.AddMinutes(5));
        Assert.Equal(TokenStatus.Expired, state.Status);
        Assert.Equal(TimeSpan.FromMinutes(-5), state.TimeToExpiry);
    }

    [Fact]
    public void No_token_is_missing()
    {
        var state = TokenState.Classify(null, null, Fetched);
        Assert.Equal(TokenStatus.Missing, state.Status);
        Assert.Null(state.Age);
        Assert.Null(state.TimeToExpiry);
    }

    [Fact]
    public void Unknown_fetch_time_still_classifies_by_expiry()
    {
        var state = TokenState.Classify(null, Expires, Fetched);
        Assert.Equal(TokenStatus.Valid, state.Status);
        Assert.Null(state.Age);
    }

    [Fact]
    public void A_negative_window_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenState.Classify(Fetched, Expires, Fetched, TimeSpan.FromMinutes(-1)));
    }
}

public class TokenFingerprintTests
{
    [Fact]
    public void Fingerprint_is_the_sha256_hex_prefix_and_length()
    {
        // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        var fingerprint = TokenFingerprint.Of("abc");
        Assert.Equal("ba7816bf8f01", fingerprint.Sha256Prefix);
        Assert.Equal(3, fingerprint.Length);
        Assert.Equal("sha256:ba7816bf8f01 (3 chars)", fingerprint.ToString());
    }

    [Fact]
    public void Different_tokens_have_different_fingerprints_and_the_token_is_not_shown()
    {
        const string token = "eyJhbGciOiJSUzI1NiJ9.payload.signature";
        var a = TokenFingerprint.Of(token);
        var b = TokenFingerprint.Of(token + "x");
        Assert.NotEqual(a, b);
        Assert.Equal(a, TokenFingerprint.Of(token));
        Assert.Equal(TokenFingerprint.PrefixLength, a.Sha256Prefix.Length);
        Assert.DoesNotContain("payload", a.ToString());
    }
}
