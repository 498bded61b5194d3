using System.Text.Json;
using Portal.Core.Tests.Aws;
using Portal.Core.Users;

namespace Portal.Core.Tests.Users;

/// <summary>
/// The client's requests as they arrive on the wire (target, content type, SigV4 for cognito-idp, Cognito's field
/// names), and the mapping of the Cognito errors the local stand-in has no honest cause to give for these actions
/// (IAM refusals, a failed invitation delivery, Cognito's own internal error), answered by a loopback server with
/// Cognito's documented error shape.
/// </summary>
public sealed class CognitoWireTests : AwsContractTest
{
    private const string Pool = "us-east-1_AbCdEf123";

    private CognitoIdentityProviderClient Client() => new(Http, Options());

    [Fact]
    public async Task AdminCreateUser_sends_Cognitos_fields_signed_for_cognito_idp_and_reads_the_User()
    {
        Server.Enqueue(LoopbackResponse.Json("""
            {"User":{"Username":"ines","Attributes":[{"Name":"sub","Value":"d9a1"},{"Name":"email","Value":"ines@example.com"}],
             "UserCreateDate":1.7636E9,"UserLastModifiedDate":1.7636E9,"Enabled":true,"UserStatus":"FORCE_CHANGE_PASSWORD"}}
            """));

        var user = await Client().AdminCreateUserAsync(Pool, "ines", "ines@example.com");

        var request = Server.SingleRequest;
        Assert.Equal("AWSCognitoIdentityProviderService.AdminCreateUser", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        SigV4WireCheck.AssertSigned(request, TestCredentials.AccessKey, TestCredentials.SecretKey, "us-east-1", "cognito-idp");
        Assert.Equal(
            """{"UserPoolId":"us-east-1_AbCdEf123","Username":"ines","UserAttributes":[{"Name":"email","Value":"ines@example.com"},{"Name":"email_verified","Value":"true"}],"DesiredDeliveryMediums":["EMAIL"]}""",
            request.Body);
        Assert.Equal(new PoolUser("ines", "ines@example.com", PoolUserStatus.ForceChangePassword, true,
            DateTimeOffset.FromUnixTimeSeconds(1_763_600_000), DateTimeOffset.FromUnixTimeSeconds(1_763_600_000)), user);
    }

    [Fact]
    public async Task ListUsers_sends_filter_limit_and_token_and_list_calls_follow_NextToken()
    {
        Server.Enqueue(
            LoopbackResponse.Json("""{"Users":[],"PaginationToken":"cognito-next"}"""),
            LoopbackResponse.Json("""{"Groups":[{"GroupName":"a"}],"NextToken":"n2"}"""),
            LoopbackResponse.Json("""{"Groups":[{"GroupName":"b"}]}"""));
        var cognito = Client();

        var page = await cognito.ListUsersAsync(Pool, "email ^= \"x\"", 25, "cognito-token");
        var groups = await cognito.AdminListGroupsForUserAsync(Pool, "ines");

        Assert.Equal("cognito-next", page.PaginationToken);
        Assert.Equal(["a", "b"], groups);
        var bodies = Server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal("""{"UserPoolId":"us-east-1_AbCdEf123","Limit":25,"Filter":"email ^= \u0022x\u0022","PaginationToken":"cognito-token"}""", Server.Requests[0].Body);
        Assert.Equal((60, "ines"), (bodies[1].GetProperty("Limit").GetInt32(), bodies[1].GetProperty("Username").GetString()));
        Assert.Equal("n2", bodies[2].GetProperty("NextToken").GetString());
    }

    [Theory]
    [InlineData("NotAuthorizedException", 400, CognitoErrorKind.NotAuthorized,
        "Cognito did not allow AdminUserGlobalSignOut for 'ines': User is disabled. If the user is disabled, enable them first.")]
    [InlineData("AccessDeniedException", 400, CognitoErrorKind.AccessDenied,
        "The portal may not call cognito-idp:AdminUserGlobalSignOut on user pool 'us-east-1_AbCdEf123': grant it to the portal's role (infra/, PortalTaskRole).")]
    [InlineData("UnrecognizedClientException", 400, CognitoErrorKind.CredentialsRefused,
        "Cognito refused the portal's AWS credentials (UnrecognizedClientException: User is disabled.): check the role or keys the portal runs with.")]
    [InlineData("SomethingNewException", 400, CognitoErrorKind.Other, "Cognito refused AdminUserGlobalSignOut (SomethingNewException): User is disabled.")]
    public async Task Errors_the_stand_in_does_not_give_are_typed_too(string code, int status, CognitoErrorKind kind, string message)
    {
        Server.Enqueue(LoopbackResponse.Json($$"""{"__type":"{{code}}","message":"User is disabled."}""", status,
            new Dictionary<string, string> { ["x-amzn-ErrorType"] = $"{code}:" }));

        var error = await Assert.ThrowsAsync<CognitoException>(() => Client().AdminUserGlobalSignOutAsync(Pool, "ines"));

        Assert.Equal((kind, code, message, "User is disabled."), (error.Kind, error.Code, error.Message, error.CognitoMessage));
    }

    [Fact]
    public async Task A_failed_invitation_names_the_email()
    {
        Server.Enqueue(LoopbackResponse.Json("""{"__type":"CodeDeliveryFailureException","message":"Unable to deliver message"}""", 400));

        var error = await Assert.ThrowsAsync<CognitoException>(() => Client().AdminCreateUserAsync(Pool, "ines", "ines@example.com"));

        Assert.Equal((CognitoErrorKind.CodeDeliveryFailure, "Cognito could not send the invitation to 'ines@example.com': check the email address."), (error.Kind, error.Message));
    }

    [Fact]
    public async Task An_internal_error_is_retried_for_a_read_but_AdminCreateUser_is_sent_once()
    {
        var internalError = LoopbackResponse.Json("""{"__type":"InternalErrorException","message":"Internal error."}""", 500);
        Server.Enqueue(internalError, LoopbackResponse.Json("""{"Username":"ines","UserAttributes":[],"Enabled":true,"UserStatus":"CONFIRMED"}"""), internalError);
        var cognito = Client();

        Assert.Equal("ines", (await cognito.AdminGetUserAsync(Pool, "ines")).Username);
        var error = await Assert.ThrowsAsync<CognitoException>(() => cognito.AdminCreateUserAsync(Pool, "ines", "ines@example.com"));

        Assert.Equal(3, Server.Requests.Count);
        Assert.Equal((CognitoErrorKind.Unavailable, "Cognito did not complete AdminCreateUser (InternalErrorException): try again in a moment."), (error.Kind, error.Message));
    }
}
