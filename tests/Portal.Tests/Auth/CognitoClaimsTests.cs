using System.Security.Claims;
using Portal.Core.Identity;

namespace Portal.Tests.Auth;

public sealed class CognitoClaimsTests
{
    [Theory]
    [InlineData(new[] { "portal-admins" }, "portal-admins", "Admin")]
    [InlineData(new string[0], "portal-admins", "Viewer")]
    [InlineData(new[] { "portal-admins" }, "ops", "Viewer")]
    [InlineData(new[] { "ops" }, "ops", "Admin")]
    public void The_role_shown_follows_the_configured_admin_group(string[] groups, string adminGroup, string expected)
    {
        var claims = groups.Select(g => new Claim(CognitoClaims.Groups, g)).Append(new Claim(CognitoClaims.Username, "u"));
        var user = new ClaimsPrincipal(new ClaimsIdentity(claims, "Cognito", CognitoClaims.Username, CognitoClaims.Groups));

        Assert.Equal(expected, CognitoClaims.DisplayRole(user, adminGroup));
    }
}
