namespace Portal.Core.Aws;

/// <summary>
/// Retries throttling, 5xx and transport failures with exponential backoff and full jitter
/// (delay drawn uniformly from [0, min(MaxDelay, BaseDelay * 2^retry)]), as AWS recommends so that
/// many throttled callers spread out instead of retrying in lockstep. Other client errors are final.
/// </summary>
public sealed class AwsRetryPolicy
{
    private readonly AwsRetryOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;

    public AwsRetryPolicy(AwsRetryOptions options, TimeProvider? time = null, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared.NextDouble;
    }

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var started = _time.GetTimestamp();
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (IsRetryable(error, cancellationToken))
            {
                var delay = BackoffFor(number);
                var elapsed = _time.GetElapsedTime(started);
                if (number >= _options.MaxAttempts || elapsed + delay > _options.MaxElapsed)
                {
                    throw;
                }

                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Full-jitter delay before retry number <paramref name="failedAttempt"/> (1-based).</summary>
    internal TimeSpan BackoffFor(int failedAttempt)
    {
        var exponent = Math.Min(failedAttempt - 1, 30);
        var cap = Math.Min(_options.MaxDelay.Ticks, _options.BaseDelay.Ticks * (double)(1L << exponent));
        return TimeSpan.FromTicks((long)(cap * _random()));
    }

    public static bool IsRetryable(Exception error, CancellationToken cancellationToken) => error switch
    {
        AwsServiceException aws => aws.IsRetryable,
        HttpRequestException => true,
        IOException => true,
        // HttpClient.Timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
