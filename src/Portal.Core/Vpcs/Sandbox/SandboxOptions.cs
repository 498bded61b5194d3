namespace Portal.Core.Vpcs.Sandbox;

/// <summary>What the injected fault looks like.</summary>
public enum SandboxFault
{
    /// <summary>EC2 refuses the call with <see cref="SandboxOptions.FailErrorCode"/>; nothing changes.</summary>
    AwsError,

    /// <summary>The call takes effect, then a <see cref="SimulatedCrashException"/> is thrown, as if the
    /// portal died before it saw the answer: the resource exists but its id was never recorded.</summary>
    Crash,
}

/// <summary>
/// Settings of the EC2 sandbox, section <c>Portal:Sandbox</c>. The sandbox is a FAKE of EC2 used in Local mode
/// (no local EC2 stand-in exists); it enforces AWS's rules and error codes so the workflow meets the same
/// failures it would meet in AWS. The fault and latency settings exist for tests and benchmarks.
/// </summary>
public sealed class SandboxOptions
{
    public const string Section = "Portal:Sandbox";

    /// <summary>AWS's default quota "VPCs per Region".</summary>
    public const int VpcsPerRegion = 5;

    /// <summary>AWS's default quota "EC2-VPC Elastic IPs" per region.</summary>
    public const int AddressesPerRegion = 5;

    /// <summary>How long a NAT gateway stays <c>pending</c> before it is <c>available</c> (AWS: one to a few minutes).
    /// Measured on the TimeProvider's clock, so a test's clock decides.</summary>
    public TimeSpan NatAvailableAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a NAT gateway stays <c>deleting</c> before it is <c>deleted</c> and its Elastic IP is free.</summary>
    public TimeSpan NatDeletedAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When set, every NAT gateway made ends <c>failed</c> with this failure code (e.g. <c>InsufficientFreeAddressesInSubnet</c>),
    /// as EC2 reports a NAT gateway it could not bring up. For tests.</summary>
    public string? NatFailureCode { get; set; }

    /// <summary>When set, the k-th mutating call (Create*, Modify*, Attach*, Detach*, Associate*, Disassociate*,
    /// Delete*) counted from the sandbox's start fails once. Null: no fault.</summary>
    public int? FailAtCall { get; set; }

    /// <summary>The AWS error code of the injected fault.</summary>
    public string FailErrorCode { get; set; } = "InternalError";

    public SandboxFault FailWith { get; set; } = SandboxFault.AwsError;

    /// <summary>Added to every call (waits on the TimeProvider), to stand in for EC2's round trip.</summary>
    public TimeSpan CallLatency { get; set; } = TimeSpan.Zero;
}
