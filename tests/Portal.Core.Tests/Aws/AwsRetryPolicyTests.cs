using System.Net;
using Portal.Core.Aws;

namespace Portal.Core.Tests.Aws;

public sealed class AwsRetryPolicyTests
{
    private static AwsServiceException Aws(string code, HttpStatusCode status) => new("ec2", status, code, null, "req");

    [Fact]
    public void Backoff_is_full_jitter_under_an_exponential_cap()
    {
        var options = new AwsRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(500) };
        var highest = new AwsRetryPolicy(options, new AutoAdvancingClock(), () => 0.999999);
        var lowest = new AwsRetryPolicy(options, new AutoAdvancingClock(), () => 0.0);

        var caps = Enumerable.Range(1, 5).Select(n => Math.Round(highest.BackoffFor(n).TotalMilliseconds)).ToList();

        Assert.Equal([100d, 200d, 400d, 500d, 500d], caps);
        Assert.All(Enumerable.Range(1, 5), n => Assert.Equal(TimeSpan.Zero, lowest.BackoffFor(n)));
    }

    [Fact]
    public async Task Elapsed_time_bound_stops_retries_before_max_attempts()
    {
        var clock = new AutoAdvancingClock();
        var options = new AwsRetryOptions
        {
            MaxAttempts = 10,
            BaseDelay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(30),
            MaxElapsed = TimeSpan.FromSeconds(2.5),
        };
        var policy = new AwsRetryPolicy(options, clock, () => 0.999999);
        var attempts = 0;

        await Assert.ThrowsAsync<AwsServiceException>(() => policy.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw Aws("Throttling", HttpStatusCode.BadRequest);
        }));

        // Waits of ~1 s then ~2 s: the second would end past 2.5 s, so it is never started.
        Assert.Equal(2, attempts);
        Assert.Single(clock.Delays);
    }

    [Theory]
    [InlineData("RequestLimitExceeded", HttpStatusCode.ServiceUnavailable, true)]
    [InlineData("Throttling", HttpStatusCode.BadRequest, true)]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest, true)]
    [InlineData("TooManyRequestsException", HttpStatusCode.TooManyRequests, true)]
    [InlineData("InternalError", HttpStatusCode.InternalServerError, true)]
    [InlineData("InvalidVpc.Range", HttpStatusCode.BadRequest, false)]
    [InlineData("UnauthorizedOperation", HttpStatusCode.Forbidden, false)]
    public void Only_throttling_and_server_errors_are_retryable(string code, HttpStatusCode status, bool retryable)
    {
        Assert.Equal(retryable, AwsRetryPolicy.IsRetryable(Aws(code, status), CancellationToken.None));
    }

    [Fact]
    public async Task Caller_cancellation_is_not_retried()
    {
        using var cancel = new CancellationTokenSource();
        var policy = new AwsRetryPolicy(new AwsRetryOptions(), new AutoAdvancingClock());
        var attempts = 0;

        await Assert.ThrowsAsync<OperationCanceledException>(() => policy.ExecuteAsync<int>(ct =>
        {
            attempts++;
            cancel.Cancel();
            ct.ThrowIfCancellationRequested();
            return Task.FromResult(0);
        }, cancel.Token));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Timeout_not_requested_by_the_caller_is_retried()
    {
        var policy = new AwsRetryPolicy(new AwsRetryOptions(), new AutoAdvancingClock());
        var attempts = 0;

        var result = await policy.ExecuteAsync(_ =>
            ++attempts == 1 ? throw new TaskCanceledException("HttpClient.Timeout") : Task.FromResult("ok"));

        Assert.Equal(("ok", 2), (result, attempts));
    }

    [Theory]
    [InlineData(0, 20, 200, 5000)]
    [InlineData(5, 0, 200, 5000)]
    [InlineData(5, 20, 200, 100)]
    public void Inconsistent_options_are_rejected(int attempts, int elapsedSeconds, int baseMs, int maxMs)
    {
        var options = new AwsRetryOptions
        {
            MaxAttempts = attempts,
            MaxElapsed = TimeSpan.FromSeconds(elapsedSeconds),
            BaseDelay = TimeSpan.FromMilliseconds(baseMs),
            MaxDelay = TimeSpan.FromMilliseconds(maxMs),
        };

        Assert.Throws<ArgumentException>(() => new AwsRetryPolicy(options));
    }
}
