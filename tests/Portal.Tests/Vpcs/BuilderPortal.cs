using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Vpcs;
using Portal.Tests.Components;

namespace Portal.Tests.Vpcs;

/// <summary>A portal for the builder and progress pages, on its own VPC and EC2-sandbox tables so other tests'
/// VPCs count neither against its quota nor as its names.</summary>
public class BuilderPortal : IAsyncLifetime
{
    public PortalServer Server { get; private set; } = null!;

    public VpcRecordStore Records => Server.Services.GetRequiredService<VpcRecordStore>();

    public IEc2Api Ec2 => Server.Services.GetRequiredService<IEc2Api>();

    public PageContext Page(System.Security.Claims.ClaimsPrincipal? user = null) => new(Server, user ?? PageContext.Admin());

    public virtual async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        Server = await PortalServer.StartAsync(new Dictionary<string, string?>
        {
            ["Portal:Aws:Tables:Vpcs"] = $"vpcs-builder-{suffix}",
            ["Portal:Aws:Tables:Ec2Sandbox"] = $"ec2-sandbox-builder-{suffix}",
        });
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A record as the portal keeps one, written straight to the table (no EC2 work behind it).</summary>
    public async Task<VpcRecord> RecordAsync(string name, string cidr, VpcStatus status, Func<VpcRecord, VpcRecord>? change = null)
    {
        var record = new VpcRecord
        {
            RequestId = VpcRequestIds.New(),
            Name = name,
            Cidr = cidr,
            Status = status,
            RequestedBy = "alice",
            Region = "us-east-1",
            Sandbox = true,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            Steps = [new ProvisioningStep(DateTimeOffset.UtcNow, "Submitted", StepOutcomes.Ok, "by alice")],
        };
        return (await Records.CreateAsync(change?.Invoke(record) ?? record))!;
    }

    /// <summary>Retries <paramref name="assertion"/> for up to 10 seconds: for effects that render nothing (a JS call,
    /// a navigation), which bunit's WaitForAssertion, checking after renders, would not see.</summary>
    public static async Task EventuallyAsync(Action assertion)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task<VpcRecord> WaitForFinishAsync(string requestId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var record = await Records.GetAsync(requestId);
            if (record?.IsFinished == true)
                return record;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"VPC request {requestId} did not finish: {record?.Status}");
            await Task.Delay(100);
        }
    }
}
