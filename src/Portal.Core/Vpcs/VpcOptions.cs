using Microsoft.Extensions.Options;

namespace Portal.Core.Vpcs;

/// <summary>VPC workflow settings, section <c>Portal:Vpcs</c>.</summary>
public sealed class VpcOptions
{
    public const string Section = "Portal:Vpcs";

    /// <summary>EC2 calls in flight per request. EC2 throttles mutating calls per account with a token bucket (a burst
    /// of about 200, refilled at about 5 a second); a 3-zone VPC with NAT gateways has up to 14 calls ready at once, so
    /// 16 lets the whole of each level go out together and stays far inside the burst.</summary>
    public int MaxConcurrentCalls { get; set; } = 16;

    /// <summary>How long a NAT gateway may stay <c>pending</c> (AWS: usually one to five minutes) before the request fails
    /// and rolls back; also how long a rollback or teardown waits for NAT gateways to be <c>deleted</c>.</summary>
    public TimeSpan NatAvailableTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often DescribeNatGateways is asked while waiting on a NAT gateway's state.</summary>
    public TimeSpan NatPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A record InProgress, Pending or Deleting not updated for this long belongs to a runner that died;
    /// the reconciler then finishes it. Longer than any one step, so a live runner elsewhere is never disturbed.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>VPCs per Region this account may have (Service Quotas L-F678F1CE; AWS's default is 5, raised on request).
    /// EC2 does not report it, so the portal is told; the pre-flight and Home compare the region's VPCs against it.</summary>
    public int RegionVpcQuota { get; set; } = 5;

    /// <summary>How often the reconciler looks again after its first pass on start.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class VpcOptionsValidator : IValidateOptions<VpcOptions>
{
    public ValidateOptionsResult Validate(string? name, VpcOptions options)
    {
        var errors = new List<string>();
        if (options.MaxConcurrentCalls is < 1 or > 20)
            errors.Add($"{VpcOptions.Section}:MaxConcurrentCalls must be 1 to 20 (got {options.MaxConcurrentCalls}); EC2 throttles bursts of mutating calls.");
        if (options.RegionVpcQuota is < 1 or > 5000)
            errors.Add($"{VpcOptions.Section}:RegionVpcQuota must be 1 to 5000 (got {options.RegionVpcQuota}): the account's 'VPCs per Region' quota.");
        if (options.StaleAfter < TimeSpan.Zero)
            errors.Add($"{VpcOptions.Section}:StaleAfter must not be negative (got {options.StaleAfter}); e.g. 00:02:00.");
        if (options.NatAvailableTimeout <= TimeSpan.Zero)
            errors.Add($"{VpcOptions.Section}:NatAvailableTimeout must be positive (got {options.NatAvailableTimeout}); e.g. 00:10:00.");
        if (options.NatPollInterval <= TimeSpan.Zero || options.NatPollInterval > options.NatAvailableTimeout)
            errors.Add($"{VpcOptions.Section}:NatPollInterval must be positive and at most NatAvailableTimeout (got {options.NatPollInterval}); e.g. 00:00:05.");
        if (options.ReconcileInterval < TimeSpan.FromSeconds(1))
            errors.Add($"{VpcOptions.Section}:ReconcileInterval must be at least 00:00:01 (got {options.ReconcileInterval}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
