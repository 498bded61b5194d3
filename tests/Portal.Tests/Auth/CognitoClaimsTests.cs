using System.Security.Claims;
using Portal.Auth;

namespace Portal.Tests.Auth;

public sealed class CognitoClaimsTests
{
    [Fact]
    public void The_name_comes_from_cognito_username_and_roles_from_cognito_groups()
    {
        var identity = CognitoClaims.ToIdentity(
        [
            new Claim("sub", "abc"),
            new Claim("cognito:username", "alice"),
            new Claim("cognito:groups", "portal-admins"),
            new Claim("cognito:groups", "auditors"),
            new Claim("email", "alice@example.com"),
        ], "Cognito");
        var user = new ClaimsPrincipal(identity);

        Assert.Equal("alice", user.Identity!.Name);
        Assert.True(user.IsInRole("portal-admins"));
        Assert.True(user.IsInRole("auditors"));
        Assert.False(user.IsInRole("admins"));
        Assert.Equal(["portal-admins", "auditors"], CognitoClaims.GroupsOf(user));
        // Claims keep Cognito's names: nothing is renamed to the WS-* URIs.
        Assert.Equal("alice@example.com", user.FindFirst("email")!.Value);
        Assert.Null(user.FindFirst(ClaimTypes.Email));
    }

    [Theory]
    [InlineData(new[] { "portal-admins" }, "portal-admins", "Admin")]
    [InlineData(new string[0], "portal-admins", "Viewer")]
    [InlineData(new[] { "portal-admins" }, "ops", "Viewer")]
    [InlineData(new[] { "ops" }, "ops", "Admin")]
    public void The_role_shown_follows_the_configured_admin_group(string[] groups, string adminGroup, string expected)
    {
        var claims = groups.Select(g => new Claim("cognito:groups", g)).Append(new Claim("cognito:username", "u"));
        var user = new ClaimsPrincipal(CognitoClaims.ToIdentity(claims, "Cognito"));

        Assert.Equal(expected, CognitoClaims.DisplayRole(user, adminGroup));
    }
}
