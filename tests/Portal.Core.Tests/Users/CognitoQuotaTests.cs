using Portal.Core.Users;

namespace Portal.Core.Tests.Users;

/// <summary>Cognito's quotas through the real client, on a stack of its own with lowered quotas (two requests a second
/// per category, one invitation email a day), so the shared stack's users never hit them.</summary>
public sealed class CognitoQuotaTests : IAsyncLifetime
{
    private static readonly string Pool = LocalStack.UserPoolId;
    private LocalStack _stack = null!;

    public async Task InitializeAsync() => _stack = await LocalStack.StartAsync(environment: new Dictionary<string, string>
    {
        ["PORTAL_COGNITO_MAX_RPS"] = "2",
        ["PORTAL_COGNITO_EMAILS_PER_DAY"] = "1",
    });

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Past_the_request_rate_it_is_TooManyRequests_with_a_message_to_wait()
    {
        var cognito = _stack.CognitoClient();
        // Six at once fit in at most two one-second windows of two each.
        var calls = Enumerable.Range(0, 6).Select(_ => Outcome(() => cognito.AdminGetUserAsync(Pool, "viewer"))).ToList();
        var errors = (await Task.WhenAll(calls)).OfType<CognitoException>().ToList();

        Assert.True(errors.Count >= 2, $"{errors.Count} of 6 refused");
        Assert.All(errors, e => Assert.Equal((CognitoErrorKind.TooManyRequests, "TooManyRequestsException"), (e.Kind, e.Code)));
        Assert.Equal("Cognito is throttling the portal's requests: wait a few seconds and try again.", errors[0].Message);
    }

    [Fact]
    public async Task Past_the_daily_email_quota_AdminCreateUser_is_LimitExceeded()
    {
        var cognito = _stack.CognitoClient();
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // clear of the rate test's window
        await cognito.AdminCreateUserAsync(Pool, "quota-first", "quota-first@portal.test");

        var error = await Assert.ThrowsAsync<CognitoException>(() => cognito.AdminCreateUserAsync(Pool, "quota-second", "quota-second@portal.test"));

        Assert.Equal((CognitoErrorKind.LimitExceeded, "LimitExceededException"), (error.Kind, error.Code));
        Assert.StartsWith("A Cognito limit was reached: Exceeded daily email limit for the operation or the account.", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Try again later, or raise the limit in the user pool's settings.", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Exception?> Outcome(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (CognitoException e)
        {
            return e;
        }
    }
}
