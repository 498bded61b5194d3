using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Vpcs;

namespace Portal.Testing;

/// <summary>A VPC made by the portal's own provisioning (in the EC2 sandbox): what the teardown tests tear down.</summary>
public static class ProvisionedVpc
{
    /// <summary>Submits a two-zone VPC (one public and one private subnet per zone) and returns its record once finished.</summary>
    public static async Task<VpcRecord> CreateAsync(PortalServer portal, string name, string cidr = "10.20.0.0/16")
    {
        var requestId = Guid.NewGuid().ToString("N");
        var store = portal.Services.GetRequiredService<VpcRecordStore>();
        await portal.Services.GetRequiredService<VpcProvisioning>().SubmitAsync(new VpcRequest
        {
            Name = name,
            Cidr = cidr,
            AvailabilityZones = ["us-east-1a", "us-east-1b"],
            PublicSubnetsPerZone = 1,
            PrivateSubnetsPerZone = 1,
        }, requestId, "admin", CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await store.GetAsync(requestId) is { IsFinished: true } record)
                return record;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"VPC request {requestId} did not finish.");
            await Task.Delay(100);
        }
    }
}
