using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Paging;

namespace Portal.Core.Tests.Paging;

public sealed class PageTokenOptionsTests
{
    private static IReadOnlyList<string> Errors(PortalMode mode, string? key) =>
        new PageTokenOptionsValidator(Options.Create(new PortalOptions { Mode = mode }))
            .Validate(null, new PageTokenOptions { Key = key }).Failures?.ToList() ?? [];

    [Fact]
    public void Local_mode_may_leave_the_key_empty_aws_mode_may_not()
    {
        Assert.Empty(Errors(PortalMode.Local, null));
        Assert.Equal(["Portal:PageTokens:Key is empty; set a base64 key of at least 32 bytes (e.g. `openssl rand -base64 32`)."],
            Errors(PortalMode.Aws, ""));
        Assert.Empty(Errors(PortalMode.Aws, Convert.ToBase64String(new byte[32])));
    }

    [Theory]
    [InlineData("not base64!", "Portal:PageTokens:Key is not base64; set a base64 key of at least 32 bytes (e.g. `openssl rand -base64 32`).")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", "Portal:PageTokens:Key has 31 bytes; it needs at least 32 (e.g. `openssl rand -base64 32`).")]
    public void A_bad_key_is_refused_in_either_mode(string key, string error)
    {
        Assert.Equal([error], Errors(PortalMode.Local, key));
        Assert.Equal([error], Errors(PortalMode.Aws, key));
    }
}
