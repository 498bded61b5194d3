using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Core.Aws;

/// <summary>Creates the tables, the bucket, the queues and the topics on the local stack when they are missing.
/// Local mode only: in AWS the CDK app owns them and the task role may not create them.</summary>
public sealed class LocalResourceBootstrapper(
    IAmazonDynamoDB dynamo,
    IAmazonS3 s3,
    IEnumerable<DynamoTable> tables,
    IOptions<AwsOptions> aws,
    LocalMessaging messaging,
    ILogger<LocalResourceBootstrapper> logger)
{
    public async Task<IReadOnlyList<string>> EnsureAsync(CancellationToken cancellationToken)
    {
        var created = new List<string>();
        var existing = await ListTablesAsync(cancellationToken);
        foreach (var table in tables.DistinctBy(t => t.Name))
        {
            if (existing.Contains(table.Name))
                continue;
            try
            {
                await dynamo.CreateTableAsync(table.Definition, cancellationToken);
                created.Add($"table {table.Name}");
            }
            catch (ResourceInUseException)
            {
                // Another portal instance created it between our list and create.
            }
        }

        foreach (var table in tables)
            await WaitUntilActiveAsync(table.Name, cancellationToken);

        var bucket = aws.Value.Bucket;
        // ListBuckets rather than the SDK's bucket-exists helper, which asks for the ACL s3rver lacks.
        var buckets = await s3.ListBucketsAsync(cancellationToken);
        if (buckets.Buckets?.Any(b => b.BucketName == bucket) != true)
        {
            try
            {
                await s3.PutBucketAsync(bucket, cancellationToken);
                created.Add($"bucket {bucket}");
            }
            catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyExists" or "BucketAlreadyOwnedByYou")
            {
                // Another portal instance created it between our list and create.
            }
        }

        created.AddRange(await messaging.EnsureAsync(cancellationToken));
        if (created.Count > 0)
            logger.LogInformation("Created on the local stack: {Created}", string.Join(", ", created));
        return created;
    }

    private async Task<HashSet<string>> ListTablesAsync(CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? start = null;
        do
        {
            var page = await dynamo.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = start }, cancellationToken);
            names.UnionWith(page.TableNames ?? []);
            start = page.LastEvaluatedTableName;
        }
        while (start is not null);
        return names;
    }

    private async Task WaitUntilActiveAsync(string table, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var description = await dynamo.DescribeTableAsync(table, cancellationToken);
            if (description.Table.TableStatus == TableStatus.ACTIVE)
                return;
            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException($"Local DynamoDB table '{table}' did not become ACTIVE in 5 seconds.");
    }
}
