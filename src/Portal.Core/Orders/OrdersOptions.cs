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

    /// <summary>The queue the API sends accepted orders to: a name (GetQueueUrl; Local mode creates it) or a URL.</summary>
    public string Queue { get; set; } = "portal-orders";

    /// <summary>Where a message goes after <see cref="MaxReceiveCount"/> failed receives (the queue's redrive policy).</summary>
    public string DeadLetterQueue { get; set; } = "portal-orders-dlq";

    public int MaxReceiveCount { get; set; } = 5;

    /// <summary>How long a received message stays hidden from other consumers; a failed one comes back after it.</summary>
    public int VisibilityTimeoutSeconds { get; set; } = 30;

    /// <summary>Runs the queue consumer in this process (every instance competes for the messages).</summary>
    public bool ConsumerEnabled { get; set; } = true;

    /// <summary>Receive loops per instance (each takes up to 10 messages per long poll).</summary>
    public int ConsumerConcurrency { get; set; } = 2;

    /// <summary>Long-poll wait of ReceiveMessage (0-20 s).</summary>
    public int ReceiveWaitSeconds { get; set; } = 20;

    /// <summary>Runs the stream notifier here; of all instances only the lease holder reads the stream.</summary>
    public bool NotifierEnabled { get; set; } = true;

    /// <summary>Pause between stream polls when the stream had nothing new.</summary>
    public TimeSpan NotifierPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the notifier's lease lasts without renewal (a crashed holder's successor waits this long).</summary>
    public TimeSpan NotifierLease { get; set; } = TimeSpan.FromSeconds(30);
}
