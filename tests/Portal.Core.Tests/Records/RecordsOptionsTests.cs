using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Records;

namespace Portal.Core.Tests.Records;

public sealed class RecordsOptionsTests
{
    private static IReadOnlyList<string> Errors(PortalMode mode, string? key, string scope = "vpcs/read") =>
        new RecordsOptionsValidator(Options.Create(new PortalOptions { Mode = mode }))
            .Validate(null, new RecordsOptions { PageTokenKey = key, ApiScope = scope }).Failures?.ToList() ?? [];

    [Fact]
    public void Local_mode_may_leave_the_key_empty_aws_mode_may_not()
    {
        Assert.Empty(Errors(PortalMode.Local, null));
        Assert.Equal(["Portal:Records:PageTokenKey is empty; set a base64 key of at least 32 bytes (e.g. `openssl rand -base64 32`)."],
            Errors(PortalMode.Aws, ""));
        Assert.Empty(Errors(PortalMode.Aws, Convert.ToBase64String(new byte[32])));
    }

    [Theory]
    [InlineData("not base64!", "Portal:Records:PageTokenKey is not base64; set a base64 key of at least 32 bytes (e.g. `openssl rand -base64 32`).")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", "Portal:Records:PageTokenKey has 31 bytes; it needs at least 32 (e.g. `openssl rand -base64 32`).")]
    public void A_bad_key_is_refused_in_either_mode(string key, string error)
    {
        Assert.Equal([error], Errors(PortalMode.Local, key));
        Assert.Equal([error], Errors(PortalMode.Aws, key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("vpcs/read orders/read")]
    public void The_api_scope_is_one_scope(string scope) =>
        Assert.Equal([$"Portal:Records:ApiScope '{scope}' is not one OAuth scope; set a single scope such as vpcs/read."], Errors(PortalMode.Local, null, scope));
}
