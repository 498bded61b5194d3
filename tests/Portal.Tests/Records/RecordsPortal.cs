using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Networking;
using Portal.Core.Vpcs;
using Portal.Tests.Auth;

namespace Portal.Tests.Records;

/// <summary>
/// One real portal for the records web tests, on tables of its own, with a ManualClock (to move the portal's time) and
/// 150 seeded records. Seed i: Succeeded unless i % 3 == 0 (then Failed); by alice when i is even, else bob; named
/// "Payroll-i" unless i % 5 == 0 (then "net-i"). Bearer callers: vpc-reader holds vpcs/read; orders-reader lacks it.
/// </summary>
public sealed class RecordsPortal : IAsyncLifetime
{
    public const string Collection = "records portal";
    public const int Seeded = 150;

    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public PortalServer Server { get; private set; } = null!;

    public IReadOnlyList<VpcRecord> Seeds { get; private set; } = [];

    public VpcRecordStore Store => Server.Services.GetRequiredService<VpcRecordStore>();

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        Server = await PortalServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Portal:Aws:Tables:Vpcs"] = $"vpcs-records-{suffix}",
                ["Portal:Aws:Tables:Ec2Sandbox"] = $"ec2-sandbox-records-{suffix}",
            },
            services => services.AddSingleton<TimeProvider>(Clock));

        var start = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        Seeds = Enumerable.Range(0, Seeded).Select(i => new VpcRecord
        {
            RequestId = Guid.NewGuid().ToString("N"),
            Name = i % 5 == 0 ? $"net-{i}" : $"Payroll-{i}",
            Cidr = $"10.{i}.0.0/16",
            VpcId = $"vpc-{i:x17}",
            Status = i % 3 == 0 ? VpcStatus.Failed : VpcStatus.Succeeded,
            RequestedBy = i % 2 == 0 ? "alice" : "bob",
            CreatedAt = start.AddHours(i),
            UpdatedAt = start.AddHours(i),
            Region = "us-east-1",
            Subnets = [new VpcRecordSubnet("a", $"10.{i}.0.0/24", "us-east-1a", SubnetKind.Public, 251)],
        }).ToList();
        await Parallel.ForEachAsync(Seeds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (record, cancel) => await Store.CreateAsync(record, cancel));
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>What a filter should list, newest first.</summary>
    public IReadOnlyList<string> Expected(Func<VpcRecord, bool> match) =>
        Seeds.Where(match).OrderByDescending(r => r.CreatedAt).Select(r => r.RequestId).ToList();

    /// <summary>An access token from the real local provider's client-credentials grant.</summary>
    public Task<string> AccessTokenAsync(string client, string? scope = null) => MachineTokens.AccessTokenAsync(Server.Stack, client, scope);

    /// <summary>A client with no cookies and no redirects, presenting <paramref name="token"/> as Bearer when given.</summary>
    public HttpClient Api(string? token) => MachineTokens.Api(Server, token);
}

[CollectionDefinition(RecordsPortal.Collection)]
public sealed class RecordsPortalCollection : ICollectionFixture<RecordsPortal>;
