using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Amazon.CDK.AWS.SQS;
using Constructs;
using Portal.Infra.Settings;

namespace Portal.Infra.Data;

/// <summary>
/// The portal's state: DynamoDB tables, the bucket for the token file and order files,
/// notification topics, the token API credentials secret and the orders ingestion queue.
/// Everything that holds data is retained when the stack is deleted.
/// </summary>
public sealed class DataStack : Stack
{
    public const string VpcsNewestFirstIndex = "newestFirst";
    public const string OrdersByStatusIndex = "byStatus";

    public PortalTables Tables { get; }
    public Bucket Bucket { get; }
    public Topic TokensTopic { get; }
    public Topic OrdersTopic { get; }
    public Secret TokenApiSecret { get; }
    public Queue OrdersQueue { get; }
    public Queue OrdersDeadLetterQueue { get; }

    /// <summary>Subscribed to both topics: the portal reads its recent notifications here, as an e-mail subscriber gets them.</summary>
    public Queue NotificationsInbox { get; }

    /// <summary>Receives after which an order message goes to the dead-letter queue (the portal's Portal:Orders:MaxReceiveCount).</summary>
    public const int OrdersMaxReceiveCount = 5;

    public DataStack(Construct scope, string id, DeploymentSettings settings, IStackProps? props = null)
        : base(scope, id, props)
    {
        var prefix = settings.NamePrefix;

        var vpcs = NewTable("VpcsTable", $"{prefix}-vpcs", "pk", "sk");
        // Listing records newest first: one partition per listing (e.g. record kind), sorted by ISO-8601 time.
        vpcs.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
        {
            IndexName = VpcsNewestFirstIndex,
            PartitionKey = StringKey("listKey"),
            SortKey = StringKey("createdAt"),
            ProjectionType = ProjectionType.ALL,
        });

        // The stream notifier reads new orders' images from it (one SNS notification per INSERT).
        var orders = NewTable("OrdersTable", $"{prefix}-orders", "orderID", sortKey: null,
            stream: StreamViewType.NEW_IMAGE);
        orders.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
        {
            IndexName = OrdersByStatusIndex,
            PartitionKey = StringKey("status"),
            SortKey = StringKey("updatedAt"),
            ProjectionType = ProjectionType.ALL,
        });

        Tables = new PortalTables(
            Vpcs: vpcs,
            TokenRuns: NewTable("TokenRunsTable", $"{prefix}-token-runs", "pk", "sk"),
            Leases: NewTable("LeasesTable", $"{prefix}-leases", "pk", sortKey: null, timeToLive: "expiresAtEpoch"),
            Notifications: NewTable("NotificationsTable", $"{prefix}-notifications", "pk", "sk"),
            Orders: orders,
            LoadJobs: NewTable("LoadJobsTable", $"{prefix}-load-jobs", "jobId", sortKey: null),
            // Server-side sign-in sessions (src/Portal.Core/Sessions): DynamoDB's TTL removes expired ones.
            Sessions: NewTable("SessionsTable", $"{prefix}-sessions", "pk", sortKey: null, timeToLive: "expiresAtEpoch"),
            // The Users page's audit trail (src/Portal.Core/Users/AuditTrail.cs): kept, no TTL.
            Audit: NewTable("AuditTable", $"{prefix}-audit", "pk", "sk"),
            // The orders pipeline's state (src/Portal.Core/Orders/PipelineMetrics.cs): notifier lease, stream checkpoints,
            // throughput and latency samples (these two expire by TTL).
            Pipeline: NewTable("PipelineTable", $"{prefix}-pipeline", "pk", "sk", timeToLive: "expiresAtEpoch"));

        Bucket = new Bucket(this, "FilesBucket", new BucketProps
        {
            // No fixed name: bucket names are global, the runtime parameter tells the portal the real one.
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            Versioned = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        TokensTopic = new Topic(this, "TokensTopic", new TopicProps
        {
            TopicName = $"{prefix}-tokens",
            DisplayName = $"Portal {settings.Environment}: token refresh results",
        });
        OrdersTopic = new Topic(this, "OrdersTopic", new TopicProps
        {
            TopicName = $"{prefix}-orders",
            DisplayName = $"Portal {settings.Environment}: order changes",
        });

        TokenApiSecret = new Secret(this, "TokenApiSecret", new SecretProps
        {
            SecretName = $"{prefix}/token-api-credentials",
            Description = "OAuth client credentials the token refresh job uses. Replace client_id and client_secret after the first deploy.",
            // A template with a generated placeholder: the real credentials are set with `aws secretsmanager put-secret-value`.
            GenerateSecretString = new SecretStringGenerator
            {
                SecretStringTemplate = """{"client_id":"REPLACE_ME"}""",
                GenerateStringKey = "client_secret",
                ExcludePunctuation = true,
                PasswordLength = 32,
            },
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        OrdersDeadLetterQueue = new Queue(this, "OrdersIngestDeadLetterQueue", new QueueProps
        {
            QueueName = $"{prefix}-orders-ingest-dlq",
            Encryption = QueueEncryption.SQS_MANAGED,
            RetentionPeriod = Duration.Days(14),
        });
        OrdersQueue = new Queue(this, "OrdersIngestQueue", new QueueProps
        {
            QueueName = $"{prefix}-orders-ingest",
            Encryption = QueueEncryption.SQS_MANAGED,
            // The portal's Portal:Orders:VisibilityTimeoutSeconds: a failed message is back after it (or the consumer's shorter backoff).
            VisibilityTimeout = Duration.Seconds(30),
            // After 5 failed receives a message is parked in the DLQ instead of blocking the pipeline.
            DeadLetterQueue = new DeadLetterQueue { Queue = OrdersDeadLetterQueue, MaxReceiveCount = OrdersMaxReceiveCount },
        });

        NotificationsInbox = new Queue(this, "NotificationsInbox", new QueueProps
        {
            QueueName = $"{prefix}-notifications-inbox",
            Encryption = QueueEncryption.SQS_MANAGED,
            RetentionPeriod = Duration.Days(4),
        });
        // SNS's JSON envelope (raw delivery off): the portal reads topic, subject and timestamp from it.
        TokensTopic.AddSubscription(new SqsSubscription(NotificationsInbox, new SqsSubscriptionProps { RawMessageDelivery = false }));
        OrdersTopic.AddSubscription(new SqsSubscription(NotificationsInbox, new SqsSubscriptionProps { RawMessageDelivery = false }));
    }

    private static Amazon.CDK.AWS.DynamoDB.Attribute StringKey(string name) =>
        new() { Name = name, Type = AttributeType.STRING };

    private Table NewTable(string id, string tableName, string partitionKey, string? sortKey,
        StreamViewType? stream = null, string? timeToLive = null) =>
        new(this, id, new TableProps
        {
            TableName = tableName,
            PartitionKey = StringKey(partitionKey),
            SortKey = sortKey is null ? null : StringKey(sortKey),
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            // AWS-managed key: encrypted at rest and visible in the template, with no key policy to maintain.
            Encryption = TableEncryption.AWS_MANAGED,
            Stream = stream,
            TimeToLiveAttribute = timeToLive,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
}
