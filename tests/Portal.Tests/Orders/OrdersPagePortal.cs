using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Orders;

namespace Portal.Tests.Orders;

/// <summary>A portal for the /orders page tests: tables and an upload prefix of its own (so "nothing was uploaded" can
/// be checked in the bucket), and a small upload limit.</summary>
public sealed class OrdersPagePortal : IAsyncLifetime
{
    public const long MaxUploadBytes = 64 * 1024;

    public PortalServer Server { get; private set; } = null!;

    public string UploadPrefix { get; } = $"orders/uploads-{Guid.NewGuid().ToString("N")[..8]}/";

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        Server = await PortalServer.StartAsync(new Dictionary<string, string?>
        {
            ["Portal:Aws:Tables:Orders"] = $"orders-page-{suffix}",
            ["Portal:Aws:Tables:LoadJobs"] = $"load-jobs-page-{suffix}",
            ["Portal:Aws:Tables:Notifications"] = $"notifications-page-{suffix}",
            ["Portal:Orders:UploadPrefix"] = UploadPrefix,
            ["Portal:Orders:MaxUploadBytes"] = MaxUploadBytes.ToString(),
        });
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public T Get<T>() where T : notnull => Server.Services.GetRequiredService<T>();

    /// <summary>The files stored under this portal's upload prefix.</summary>
    public async Task<int> UploadedFilesAsync()
    {
        var bucket = Get<IOptions<AwsOptions>>().Value.Bucket;
        var listed = await Get<IAmazonS3>().ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = UploadPrefix });
        return listed.S3Objects?.Count ?? 0;
    }

    public async Task<int> JobCountAsync() => (await Get<LoadJobStore>().RecentAsync(int.MaxValue)).Count;

    /// <summary>Orders stored directly, as the API would, for the search tests.</summary>
    public async Task SeedAsync(params (string Id, string Customer, string Status)[] orders)
    {
        foreach (var (id, customer, status) in orders)
            await Get<OrderStore>().UpsertAsync(new OrderDraft(id, customer, "EUR", status, [new OrderItem("SKU-1", 1, 10m)]));
    }
}
