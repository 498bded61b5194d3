using System.Globalization;
using Portal.Core.Networking;
using Portal.Core.Vpcs;

namespace Portal.Testing;

/// <summary>VPC records written straight through <see cref="VpcRecordStore.CreateAsync"/>, one minute apart (record i
/// at <see cref="Start"/> + i minutes), so "newest first" is known; shared by the records tests and benchmark.</summary>
public static class RecordSeed
{
    public static DateTimeOffset Start { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static VpcRecord Record(int i, VpcStatus status, string creator, string name) => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        Name = name,
        Cidr = string.Create(CultureInfo.InvariantCulture, $"10.{i / 256 % 256}.{i % 256}.0/24"),
        Status = status,
        RequestedBy = creator,
        CreatedAt = Start.AddMinutes(i),
        UpdatedAt = Start.AddMinutes(i),
        Region = "us-east-1",
        Sandbox = true,
        VpcId = string.Create(CultureInfo.InvariantCulture, $"vpc-{i:x17}"),
        Tags = [new("team", "payments")],
        Subnets =
        [
            new VpcRecordSubnet("public-a", string.Create(CultureInfo.InvariantCulture, $"10.{i / 256 % 256}.{i % 256}.0/26"), "us-east-1a", SubnetKind.Public, 59),
            new VpcRecordSubnet("private-b", string.Create(CultureInfo.InvariantCulture, $"10.{i / 256 % 256}.{i % 256}.64/26"), "us-east-1b", SubnetKind.Private, 59),
        ],
        Steps = [new ProvisioningStep(Start.AddMinutes(i), "CreateVpc", StepOutcomes.Ok, null)],
    };

    /// <summary>Writes the records with <paramref name="concurrency"/> PutItems in flight.</summary>
    public static async Task WriteAsync(VpcRecordStore store, IReadOnlyList<VpcRecord> records, int concurrency = 16)
    {
        await Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (record, cancel) =>
        {
            if (await store.CreateAsync(record, cancel) is null)
                throw new InvalidOperationException($"Record {record.RequestId} exists already.");
        });
    }

    /// <summary>What a filter should return, from the seeds themselves: newest first.</summary>
    public static IReadOnlyList<string> Expected(IEnumerable<VpcRecord> records, Func<VpcRecord, bool> match) =>
        records.Where(match).OrderByDescending(r => r.CreatedAt).Select(r => r.RequestId).ToList();
}
