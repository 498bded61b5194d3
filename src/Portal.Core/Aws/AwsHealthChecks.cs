using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Portal.Core.Aws;

/// <summary>Ready when every table the features declared answers; with none declared, when DynamoDB answers.</summary>
public sealed class DynamoDbHealthCheck(IAmazonDynamoDB dynamo, IEnumerable<DynamoTable> tables) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var names = tables.Select(t => t.Name).Distinct().ToList();
        try
        {
            if (names.Count == 0)
                await dynamo.ListTablesAsync(new ListTablesRequest { Limit = 1 }, cancellationToken);
            foreach (var name in names)
                await dynamo.DescribeTableAsync(new DescribeTableRequest { TableName = name }, cancellationToken);
            return HealthCheckResult.Healthy($"DynamoDB answers ({names.Count} tables checked).");
        }
        catch (Exception ex) when (ex is AmazonDynamoDBException or HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"DynamoDB does not answer: {ex.Message}");
        }
    }
}

/// <summary>Ready when the portal's bucket answers.</summary>
public sealed class S3HealthCheck(IAmazonS3 s3, IOptions<AwsOptions> aws) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bucket = aws.Value.Bucket;
        try
        {
            // Asks the bucket where it is: proves it exists and answers without listing objects
            // (s3rver's listing can fail while another request writes to the bucket).
            await s3.GetBucketLocationAsync(new Amazon.S3.Model.GetBucketLocationRequest { BucketName = bucket }, cancellationToken);
            return HealthCheckResult.Healthy($"S3 bucket {bucket} answers.");
        }
        catch (Exception ex) when (ex is AmazonS3Exception or HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"S3 bucket {bucket} does not answer: {ex.Message}");
        }
    }
}
