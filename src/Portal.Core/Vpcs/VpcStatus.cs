namespace Portal.Core.Vpcs;

/// <summary>Where a VPC request stands. Pending: recorded, nothing created yet. InProgress: a runner owns it and is
/// creating. Deleting: a teardown owns it. DeleteFailed: some resources are left; tearing down again retries.</summary>
public enum VpcStatus
{
    Pending,
    InProgress,
    Succeeded,
    Failed,
    Deleting,
    Deleted,
    DeleteFailed,
}
