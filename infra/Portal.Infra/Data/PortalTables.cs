using Amazon.CDK.AWS.DynamoDB;

namespace Portal.Infra.Data;

/// <summary>The portal's DynamoDB tables, one per record kind.</summary>
public sealed record PortalTables(
    Table Vpcs,
    Table TokenRuns,
    Table Leases,
    Table Notifications,
    Table Orders,
    Table LoadJobs,
    Table Sessions,
    Table Audit,
    Table Pipeline)
{
    public IReadOnlyList<Table> All => [Vpcs, TokenRuns, Leases, Notifications, Orders, LoadJobs, Sessions, Audit, Pipeline];
}
