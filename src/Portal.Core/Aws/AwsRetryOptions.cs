namespace Portal.Core.Aws;

/// <summary>
/// How AWS calls retry, section <c>Portal:Aws:Retry</c>. The one retry mechanism: the SDK clients' standard retry
/// mode gets these as MaxErrorRetry and Timeout, the signed clients' standard resilience handler as retries and
/// attempt timeout. Mutating EC2 calls never retry an ambiguous failure (see the VPC builder).
/// </summary>
public sealed class AwsRetryOptions
{
    public const string Section = $"{AwsOptions.Section}:Retry";

    /// <summary>Retries after the first attempt; 2 is the SDK's standard mode default (3 attempts).</summary>
    public int MaxErrorRetry { get; set; } = 2;

    /// <summary>Bound on one attempt (one HTTP request and its answer).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What is wrong, each message naming its key; empty when the settings are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxErrorRetry is < 0 or > 10)
            yield return $"{Section}:MaxErrorRetry must be 0 to 10 (got {MaxErrorRetry}); 0 turns retries off.";
        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromMinutes(5))
            yield return $"{Section}:Timeout must be between 00:00:01 and 00:05:00 (got {Timeout}).";
    }
}
