namespace Portal.Core.Aws;

/// <summary>Bounds for retrying throttled and failed AWS calls (bound from <c>Portal:Aws:Retry</c>).</summary>
public sealed record AwsRetryOptions
{
    /// <summary>Total attempts including the first one.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>No retry is started once this much time has passed since the first attempt.</summary>
    public TimeSpan MaxElapsed { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Backoff cap for the first retry; it doubles per retry up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    public void Validate()
    {
        if (MaxAttempts < 1)
        {
            throw new ArgumentException($"Retry MaxAttempts is {MaxAttempts}; it must be at least 1 (1 means no retries).");
        }

        if (MaxElapsed <= TimeSpan.Zero || BaseDelay <= TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            throw new ArgumentException(
                $"Retry times are inconsistent (MaxElapsed {MaxElapsed}, BaseDelay {BaseDelay}, MaxDelay {MaxDelay}); " +
                "all must be positive and MaxDelay must not be below BaseDelay.");
        }
    }
}
