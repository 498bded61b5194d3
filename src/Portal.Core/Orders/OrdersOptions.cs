namespace Portal.Core.Orders;

/// <summary>Section <c>Portal:Orders</c>: limits of the ingest API and the bulk loader.</summary>
public sealed class OrdersOptions
{
    public const string Section = "Portal:Orders";

    /// <summary>Most orders one <c>POST /api/orders/batch</c> call may carry.</summary>
    public int MaxApiBatch { get; set; } = 100;

    /// <summary>BatchWriteItem calls (25 orders each) the loader has in flight at once.</summary>
    public int LoaderParallelism { get; set; } = 4;

    /// <summary>Rejected lines kept with their reason on the job record (all are counted).</summary>
    public int MaxReportedErrors { get; set; } = 100;

    /// <summary>Where dashboard uploads go in the bucket.</summary>
    public string UploadPrefix { get; set; } = "orders/uploads/";

    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;
}
