using System.Security.Cryptography;
using Amazon.DynamoDBv2.Model;
using Portal.Core.Paging;

namespace Portal.Core.Tests.Paging;

public sealed class PageTokenTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private readonly PageTokenCodec _codec = new(Key);

    private static Dictionary<string, AttributeValue> LastKey() => new()
    {
        ["pk"] = new() { S = "VPC#3f2a" },
        ["sk"] = new() { S = "RECORD" },
        ["listKey"] = new() { S = "VPC" },
        ["createdAt"] = new() { S = "2026-11-21T10:00:00.0000000+00:00" },
        ["version"] = new() { N = "3" },
    };

    [Fact]
    public void A_token_round_trips_to_the_same_key_for_the_same_query()
    {
        var token = _codec.Encode(LastKey(), "status=Failed&size=25");

        var result = _codec.Decode(token, "status=Failed&size=25");

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(LastKey().Keys.Order(), result.StartKey!.Keys.Order());
        Assert.Equal("VPC#3f2a", result.StartKey["pk"].S);
        Assert.Equal("3", result.StartKey["version"].N);
        Assert.DoesNotContain("VPC#3f2a", token); // opaque: not plain text
    }

    [Fact]
    public void Flipping_any_character_of_the_token_is_refused()
    {
        var token = _codec.Encode(LastKey(), "q");
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '.')
                continue;
            var chars = token.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            var result = _codec.Decode(new string(chars), "q");
            Assert.False(result.IsValid, $"a change at position {i} was accepted");
        }
    }

    [Fact]
    public void A_token_signed_with_another_key_says_it_was_modified()
    {
        var other = new PageTokenCodec(RandomNumberGenerator.GetBytes(32)).Encode(LastKey(), "q");

        Assert.Equal("The page token was modified or comes from another portal: start again from the first page.", _codec.Decode(other, "q").Error);
    }

    [Fact]
    public void A_token_used_with_other_filters_is_refused()
    {
        var token = _codec.Encode(LastKey(), "status=Failed");

        Assert.Equal("The page token belongs to other filters: start again from the first page.", _codec.Decode(token, "status=Succeeded").Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("%%%.###")]
    public void Garbage_is_refused_as_malformed(string token) =>
        Assert.Equal("The page token is malformed: start again from the first page.", _codec.Decode(token, "q").Error);

    [Fact]
    public void A_short_key_is_refused() => Assert.Throws<ArgumentException>(() => new PageTokenCodec(new byte[16]));
}
