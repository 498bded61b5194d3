using Amazon.Runtime;
using Portal.Core.Aws;
using Portal.Core.Users;

namespace Portal.Testing;

/// <summary>Users made in a local stack's pool for one test, through the real signed client, so tests that promote,
/// disable or sign out a user never touch the shared demo users other tests sign in as.</summary>
public static class PoolUsers
{
    public const string AdminGroup = "portal-admins";

    /// <summary>The signed cognito-idp client pointed at the stack (the stand-in checks no signature).</summary>
    public static CognitoIdentityProviderClient CognitoClient(this LocalStack stack) =>
        new(SignedAwsTransport.CreateHttpClient(new AwsRetryOptions()), stack.CognitoClientOptions());

    public static AwsClientOptions CognitoClientOptions(this LocalStack stack) =>
        new(new BasicAWSCredentials("S3RVER", "S3RVER"), "us-east-1") { Endpoint = stack.Cognito };

    /// <summary>A new user (FORCE_CHANGE_PASSWORD until the first sign-in, which keeps the emailed temporary password).</summary>
    public static async Task<DemoUser> CreateAsync(LocalStack stack, string prefix, bool admin = false)
    {
        var username = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        var email = $"{username}@portal.test";
        var cognito = stack.CognitoClient();
        await cognito.AdminCreateUserAsync(LocalStack.UserPoolId, username, email);
        if (admin)
            await cognito.AdminAddUserToGroupAsync(LocalStack.UserPoolId, username, AdminGroup);
        return new DemoUser(username, stack.TemporaryPasswordSentTo(email), admin ? [AdminGroup] : []);
    }
}
