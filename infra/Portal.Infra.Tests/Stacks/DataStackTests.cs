using Amazon.CDK.Assertions;

namespace Portal.Infra.Tests.Stacks;

[Collection(CdkCollection.Name)]
public sealed class DataStackTests(SynthesizedPortal portal)
{
    private const string Prefix = $"portal-{SynthesizedPortal.Environment}";
    private Template Data => portal.Data;

    public static TheoryData<string> TableNames =>
    [
        $"{Prefix}-vpcs", $"{Prefix}-token-runs", $"{Prefix}-leases",
        $"{Prefix}-notifications", $"{Prefix}-orders", $"{Prefix}-load-jobs", $"{Prefix}-sessions", $"{Prefix}-audit",
        $"{Prefix}-pipeline",
    ];

    [Fact]
    public void Sessions_are_keyed_by_the_cookies_session_key_and_expire_by_ttl()
    {
        Data.HasResourceProperties("AWS::DynamoDB::Table", Match.ObjectLike(new Dictionary<string, object>
        {
            ["TableName"] = $"{Prefix}-sessions",
            ["KeySchema"] = KeySchema("pk"),
            ["TimeToLiveSpecification"] = new Dictionary<string, object> { ["AttributeName"] = "expiresAtEpoch", ["Enabled"] = true },
        }));
    }

    [Fact]
    public void The_audit_trail_is_keyed_pk_sk_and_kept_without_ttl()
    {
        Data.HasResourceProperties("AWS::DynamoDB::Table", Match.ObjectLike(new Dictionary<string, object>
        {
            ["TableName"] = $"{Prefix}-audit",
            ["KeySchema"] = KeySchema("pk", "sk"),
            ["TimeToLiveSpecification"] = Match.Absent(),
        }));
    }

    [Fact]
    public void Has_the_expected_resource_counts()
    {
        Data.ResourceCountIs("AWS::DynamoDB::Table", 9);
        Data.ResourceCountIs("AWS::S3::Bucket", 1);
        Data.ResourceCountIs("AWS::S3::BucketPolicy", 1);
        Data.ResourceCountIs("AWS::SNS::Topic", 2);
        Data.ResourceCountIs("AWS::SecretsManager::Secret", 1);
        Data.ResourceCountIs("AWS::SQS::Queue", 3);
        Data.ResourceCountIs("AWS::SNS::Subscription", 2);
    }

    [Theory]
    [MemberData(nameof(TableNames))]
    public void Every_table_is_on_demand_encrypted_with_point_in_time_recovery_and_retained(string tableName)
    {
        Data.HasResource("AWS::DynamoDB::Table", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Properties"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["TableName"] = tableName,
                ["BillingMode"] = "PAY_PER_REQUEST",
                ["PointInTimeRecoverySpecification"] = new Dictionary<string, object> { ["PointInTimeRecoveryEnabled"] = true },
                ["SSESpecification"] = new Dictionary<string, object> { ["SSEEnabled"] = true },
            }),
            ["DeletionPolicy"] = "Retain",
            ["UpdateReplacePolicy"] = "Retain",
        }));
    }

    [Fact]
    public void Orders_table_is_keyed_by_orderID_streams_new_images_and_lists_by_status_and_time()
    {
        Data.HasResourceProperties("AWS::DynamoDB::Table", Match.ObjectLike(new Dictionary<string, object>
        {
            ["TableName"] = $"{Prefix}-orders",
            ["KeySchema"] = KeySchema("orderID"),
            ["StreamSpecification"] = new Dictionary<string, object> { ["StreamViewType"] = "NEW_IMAGE" },
            ["GlobalSecondaryIndexes"] = new object[]
            {
                Match.ObjectLike(new Dictionary<string, object>
                {
                    ["IndexName"] = "byStatus",
                    ["KeySchema"] = KeySchema("status", "updatedAt"),
                }),
            },
        }));
    }

    [Fact]
    public void Vpcs_table_has_pk_sk_and_a_newest_first_index()
    {
        Data.HasResourceProperties("AWS::DynamoDB::Table", Match.ObjectLike(new Dictionary<string, object>
        {
            ["TableName"] = $"{Prefix}-vpcs",
            ["KeySchema"] = KeySchema("pk", "sk"),
            ["GlobalSecondaryIndexes"] = new object[]
            {
                Match.ObjectLike(new Dictionary<string, object>
                {
                    ["IndexName"] = "newestFirst",
                    ["KeySchema"] = KeySchema("listKey", "createdAt"),
                }),
            },
        }));
    }

    [Fact]
    public void Only_the_orders_table_has_a_stream()
    {
        var streamed = TemplateJson.ResourcesOfType(Data, "AWS::DynamoDB::Table")
            .Where(t => t.Properties.TryGetProperty("StreamSpecification", out _))
            .Select(t => t.Properties.GetProperty("TableName").GetString())
            .ToList();
        Assert.Equal([$"{Prefix}-orders"], streamed);
    }

    [Fact]
    public void Bucket_is_encrypted_private_versioned_and_retained()
    {
        Data.HasResource("AWS::S3::Bucket", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Properties"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["BucketEncryption"] = new Dictionary<string, object>
                {
                    ["ServerSideEncryptionConfiguration"] = new object[]
                    {
                        new Dictionary<string, object>
                        {
                            ["ServerSideEncryptionByDefault"] = new Dictionary<string, object> { ["SSEAlgorithm"] = "AES256" },
                        },
                    },
                },
                ["PublicAccessBlockConfiguration"] = new Dictionary<string, object>
                {
                    ["BlockPublicAcls"] = true,
                    ["BlockPublicPolicy"] = true,
                    ["IgnorePublicAcls"] = true,
                    ["RestrictPublicBuckets"] = true,
                },
                ["VersioningConfiguration"] = new Dictionary<string, object> { ["Status"] = "Enabled" },
            }),
            ["DeletionPolicy"] = "Retain",
        }));
    }

    [Fact]
    public void Bucket_policy_denies_every_request_without_tls()
    {
        Data.HasResourceProperties("AWS::S3::BucketPolicy", new Dictionary<string, object>
        {
            ["Bucket"] = Match.AnyValue(),
            ["PolicyDocument"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Statement"] = Match.ArrayWith(new object[]
                {
                    Match.ObjectLike(new Dictionary<string, object>
                    {
                        ["Effect"] = "Deny",
                        ["Principal"] = new Dictionary<string, object> { ["AWS"] = "*" },
                        ["Condition"] = new Dictionary<string, object>
                        {
                            ["Bool"] = new Dictionary<string, object> { ["aws:SecureTransport"] = "false" },
                        },
                    }),
                }),
            }),
        });
    }

    [Fact]
    public void Ingest_queue_is_encrypted_and_parks_failures_in_the_dead_letter_queue_after_five_receives()
    {
        Data.HasResourceProperties("AWS::SQS::Queue", Match.ObjectLike(new Dictionary<string, object>
        {
            ["QueueName"] = $"{Prefix}-orders-ingest",
            ["SqsManagedSseEnabled"] = true,
            ["RedrivePolicy"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["maxReceiveCount"] = 5,
                ["deadLetterTargetArn"] = Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Fn::GetAtt"] = Match.ArrayWith(new object[] { Match.StringLikeRegexp("OrdersIngestDeadLetterQueue") }),
                }),
            }),
        }));
        Data.HasResourceProperties("AWS::SQS::Queue", Match.ObjectLike(new Dictionary<string, object>
        {
            ["QueueName"] = $"{Prefix}-orders-ingest-dlq",
            ["SqsManagedSseEnabled"] = true,
        }));
    }

    [Fact]
    public void Token_api_secret_is_a_generated_template_without_real_credentials()
    {
        Data.HasResourceProperties("AWS::SecretsManager::Secret", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Name"] = $"{Prefix}/token-api-credentials",
            ["GenerateSecretString"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["SecretStringTemplate"] = """{"client_id":"REPLACE_ME"}""",
                ["GenerateStringKey"] = "client_secret",
            }),
        }));
        var (_, secret) = Assert.Single(TemplateJson.ResourcesOfType(Data, "AWS::SecretsManager::Secret"));
        Assert.False(secret.TryGetProperty("SecretString", out _), "no secret value may be written into the template");
    }

    [Fact]
    public void The_pipeline_table_is_keyed_pk_sk_and_its_samples_expire_by_ttl()
    {
        Data.HasResourceProperties("AWS::DynamoDB::Table", Match.ObjectLike(new Dictionary<string, object>
        {
            ["TableName"] = $"{Prefix}-pipeline",
            ["KeySchema"] = KeySchema("pk", "sk"),
            ["TimeToLiveSpecification"] = new Dictionary<string, object> { ["AttributeName"] = "expiresAtEpoch", ["Enabled"] = true },
        }));
    }

    [Fact]
    public void The_notifications_inbox_is_an_encrypted_queue_subscribed_to_both_topics_with_the_sns_envelope()
    {
        Data.HasResourceProperties("AWS::SQS::Queue", Match.ObjectLike(new Dictionary<string, object>
        {
            ["QueueName"] = $"{Prefix}-notifications-inbox",
            ["SqsManagedSseEnabled"] = true,
        }));
        foreach (var topic in new[] { "TokensTopic", "OrdersTopic" })
        {
            Data.HasResourceProperties("AWS::SNS::Subscription", Match.ObjectLike(new Dictionary<string, object>
            {
                ["Protocol"] = "sqs",
                ["TopicArn"] = new Dictionary<string, object> { ["Ref"] = Match.StringLikeRegexp(topic) },
                ["Endpoint"] = new Dictionary<string, object> { ["Fn::GetAtt"] = Match.ArrayWith(new object[] { Match.StringLikeRegexp("NotificationsInbox") }) },
            }));
        }

        // Only SNS may send to it, and only from the portal's two topics.
        Data.HasResourceProperties("AWS::SQS::QueuePolicy", Match.ObjectLike(new Dictionary<string, object>
        {
            ["PolicyDocument"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Statement"] = Match.ArrayWith(new object[]
                {
                    Match.ObjectLike(new Dictionary<string, object>
                    {
                        ["Action"] = "sqs:SendMessage",
                        ["Principal"] = new Dictionary<string, object> { ["Service"] = "sns.amazonaws.com" },
                        ["Condition"] = Match.ObjectLike(new Dictionary<string, object> { ["ArnEquals"] = Match.AnyValue() }),
                    }),
                }),
            }),
        }));
    }

    [Fact]
    public void Topics_exist_for_tokens_and_orders()
    {
        Data.HasResourceProperties("AWS::SNS::Topic", Match.ObjectLike(new Dictionary<string, object> { ["TopicName"] = $"{Prefix}-tokens" }));
        Data.HasResourceProperties("AWS::SNS::Topic", Match.ObjectLike(new Dictionary<string, object> { ["TopicName"] = $"{Prefix}-orders" }));
    }

    /// <summary>A table's or index's KeySchema as the template writes it: the partition key, then the sort key if any.</summary>
    private static object[] KeySchema(string partitionKey, string? sortKey = null) =>
        sortKey is null
            ? [new Dictionary<string, object> { ["AttributeName"] = partitionKey, ["KeyType"] = "HASH" }]
            : [new Dictionary<string, object> { ["AttributeName"] = partitionKey, ["KeyType"] = "HASH" },
               new Dictionary<string, object> { ["AttributeName"] = sortKey, ["KeyType"] = "RANGE" }];
}
