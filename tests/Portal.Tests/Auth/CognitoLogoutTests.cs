using Portal.Core.Identity;

namespace Portal.Tests.Auth;

public sealed class CognitoLogoutTests
{
    [Fact]
    public void Local_sign_out_goes_to_the_providers_logout_with_client_id_and_logout_uri()
    {
        var options = new CognitoOptions { Authority = "http://127.0.0.1:4569", ClientId = "portal-web" };

        var url = options.LogoutUrl("http://127.0.0.1:5080/");

        Assert.Equal("http://127.0.0.1:4569/logout?client_id=portal-web&logout_uri=http%3A%2F%2F127.0.0.1%3A5080%2Fsigned-out", url);
        Assert.DoesNotContain("post_logout_redirect_uri", url);
    }

    [Fact]
    public void In_aws_sign_out_goes_to_the_hosted_ui_domain_not_the_issuer()
    {
        var options = new CognitoOptions
        {
            Authority = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC",
            HostedUiDomain = "portal-main.auth.eu-west-1.amazoncognito.com",
            ClientId = "4lq1abc",
        };

        var url = new Uri(options.LogoutUrl("https://portal.example.com"));

        Assert.Equal("https://portal-main.auth.eu-west-1.amazoncognito.com/logout", url.GetLeftPart(UriPartial.Path));
        Assert.Equal("?client_id=4lq1abc&logout_uri=https%3A%2F%2Fportal.example.com%2Fsigned-out", url.Query);
    }
}
