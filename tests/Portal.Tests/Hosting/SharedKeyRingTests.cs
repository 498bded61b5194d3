using System.Net;
using Amazon.S3;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Sessions;
using Portal.Hosting;

namespace Portal.Tests.Hosting;

/// <summary>The Data Protection key ring lives in the portal's bucket, not in the instance's file system: the key
/// that protects a session cookie is an object in S3, and another instance of the portal opens that cookie.</summary>
public sealed class SharedKeyRingTests
{
    [Fact]
    public async Task The_key_protecting_a_session_cookie_is_in_the_bucket_and_another_instance_accepts_the_cookie()
    {
        await using var first = await PortalServer.StartAsync();
        Assert.IsType<SharedKeyRing>(first.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        using var admin = await HttpSignIn.AsAsync(first, DemoUser.Admin);
        var cookie = admin.Cookies.GetCookies(first.BaseAddress)["portal.auth"]!.Value;

        // A protected payload starts with a 4-byte magic header and the 16-byte id of the key that protected it.
        var keyId = new Guid(WebEncoders.Base64UrlDecode(cookie).AsSpan(4, 16));
        var s3 = first.Services.GetRequiredService<IAmazonS3>();
        var bucket = first.Services.GetRequiredService<IOptions<AwsOptions>>().Value.Bucket;
        var stored = await s3.GetObjectMetadataAsync(bucket, $"{KeyRingStore.Prefix}key-{keyId}.xml");
        Assert.Equal(HttpStatusCode.OK, stored.HttpStatusCode);

        await using var second = await PortalServer.StartAsync();
        using var replay = second.CreateRawClient();
        replay.DefaultRequestHeaders.Add("Cookie", $"portal.auth={cookie}");
        var page = await replay.GetAsync("/tokens");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
