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

    /// <summary>A record shaped like the portal's real ones (the benchmark's seed): four to six subnets over three zones, public
    /// and private, and a dozen provisioning steps a few seconds apart, the subnet ids filled in.</summary>
    public static VpcRecord Realistic(int i, VpcStatus status, string creator, string name)
    {
        var record = Record(i, status, creator, name);
        var (a, b) = (i / 256 % 256, i % 256);
        string[] zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
        var subnets = Enumerable.Range(0, 4 + i % 3).Select(n => new VpcRecordSubnet(
            $"{(n % 2 == 0 ? "public" : "private")}-{zones[n % 3][^1]}{n / 3}",
            string.Create(CultureInfo.InvariantCulture, $"10.{a}.{b}.{n * 32}/27"),
            zones[n % 3],
            n % 2 == 0 ? SubnetKind.Public : SubnetKind.Private,
            27,
            string.Create(CultureInfo.InvariantCulture, $"subnet-{i:x9}{n:x8}"))).ToList();
        string[] steps =
        [
            "ValidateRequest", "CreateVpc", "TagVpc", "EnableDnsHostnames", "EnableDnsSupport", "CreateInternetGateway",
            "AttachInternetGateway", "CreateSubnets", "CreatePublicRouteTable", "CreateDefaultRoute", "AssociateRouteTables", "RecordResult",
        ];
        return record with
        {
            Tags = [new("team", "payments"), new("env", i % 2 == 0 ? "staging" : "prod"), new("cost-center", string.Create(CultureInfo.InvariantCulture, $"cc-{i % 40:D3}"))],
            Subnets = subnets,
            Steps = steps.Select((step, n) => new ProvisioningStep(Start.AddMinutes(i).AddSeconds(n * 3), step,
                status == VpcStatus.Failed && n == steps.Length - 2 ? StepOutcomes.Failed : StepOutcomes.Ok,
                step == "CreateSubnets" ? string.Create(CultureInfo.InvariantCulture, $"{subnets.Count} subnets") : null)).ToList(),
        };
    }

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
