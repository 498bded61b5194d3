using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;

namespace Portal.Core.Aws;

public sealed record StreamShard(string ShardId, string? ParentShardId);

/// <summary>One stream record; <see cref="NewImage"/> with NEW_IMAGE or NEW_AND_OLD_IMAGES views.</summary>
public sealed record StreamRecord(string EventId, string EventName, string SequenceNumber, DateTimeOffset? CreatedAt, Dictionary<string, AttributeValue>? NewImage);

public sealed record StreamPage(IReadOnlyList<StreamRecord> Records, string? NextShardIterator);

/// <summary>Signed DynamoDB Streams client (JSON 1.0, API 2012-08-10, signing name <c>dynamodb</c>): the SDK's package for it
/// is not served here (AWSSDK.DynamoDBv2 4.x no longer carries it). Endpoint: <c>Portal:Aws:DynamoDbServiceUrl</c> when set
/// (DynamoDB Local serves both APIs on one port), else <c>streams.dynamodb.{region}.amazonaws.com</c>.</summary>
public sealed class DynamoDbStreamsClient(HttpClient http, AwsClientOptions options)
{
    private readonly AwsJsonClient _json = new(http, options with { Endpoint = options.Endpoint ?? new Uri($"https://streams.dynamodb.{options.Region}.amazonaws.com") },
        "dynamodb", "DynamoDBStreams_20120810", jsonVersion: "1.0");

    public async Task<(IReadOnlyList<StreamShard> Shards, string? LastEvaluatedShardId)> DescribeStreamAsync(
        string streamArn, string? exclusiveStartShardId, CancellationToken cancellationToken = default)
    {
        var request = new JsonObject { ["StreamArn"] = streamArn };
        if (exclusiveStartShardId is not null)
            request["ExclusiveStartShardId"] = exclusiveStartShardId;
        var description = (await _json.SendAsync("DescribeStream", request, cancellationToken)).GetProperty("StreamDescription");
        var shards = description.TryGetProperty("Shards", out var list)
            ? list.EnumerateArray().Select(s => new StreamShard(s.GetProperty("ShardId").GetString()!,
                s.TryGetProperty("ParentShardId", out var parent) ? parent.GetString() : null)).ToList()
            : [];
        return (shards, description.TryGetProperty("LastEvaluatedShardId", out var last) ? last.GetString() : null);
    }

    /// <param name="afterSequenceNumber">Null: from the oldest record kept (TRIM_HORIZON).</param>
    public async Task<string?> GetShardIteratorAsync(string streamArn, string shardId, string? afterSequenceNumber, CancellationToken cancellationToken = default)
    {
        var request = new JsonObject
        {
            ["StreamArn"] = streamArn,
            ["ShardId"] = shardId,
            ["ShardIteratorType"] = afterSequenceNumber is null ? "TRIM_HORIZON" : "AFTER_SEQUENCE_NUMBER",
        };
        if (afterSequenceNumber is not null)
            request["SequenceNumber"] = afterSequenceNumber;
        var response = await _json.SendAsync("GetShardIterator", request, cancellationToken);
        return response.TryGetProperty("ShardIterator", out var iterator) ? iterator.GetString() : null;
    }

    public async Task<StreamPage> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken = default)
    {
        var response = await _json.SendAsync("GetRecords", new JsonObject { ["ShardIterator"] = shardIterator, ["Limit"] = limit }, cancellationToken);
        var records = response.TryGetProperty("Records", out var list)
            ? list.EnumerateArray().Select(r =>
            {
                var data = r.GetProperty("dynamodb");
                return new StreamRecord(
                    r.GetProperty("eventID").GetString()!,
                    r.GetProperty("eventName").GetString()!,
                    data.GetProperty("SequenceNumber").GetString()!,
                    data.TryGetProperty("ApproximateCreationDateTime", out var created)
                        ? DateTimeOffset.FromUnixTimeMilliseconds((long)(created.GetDouble() * 1000)) : null,
                    data.TryGetProperty("NewImage", out var image) ? Item(image) : null);
            }).ToList()
            : [];
        return new StreamPage(records, response.TryGetProperty("NextShardIterator", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null);
    }

    /// <summary>An item in DynamoDB's JSON form ({"name": {"S": "..."}}) as the SDK's attribute values.</summary>
    public static Dictionary<string, AttributeValue> Item(JsonElement json) =>
        json.EnumerateObject().ToDictionary(p => p.Name, p => Value(p.Value), StringComparer.Ordinal);

    private static AttributeValue Value(JsonElement json)
    {
        var (type, value) = json.EnumerateObject().Select(p => (p.Name, p.Value)).Single();
        return type switch
        {
            "S" => new AttributeValue { S = value.GetString() },
            "N" => new AttributeValue { N = value.GetString() },
            "BOOL" => new AttributeValue { BOOL = value.GetBoolean() },
            "NULL" => new AttributeValue { NULL = true },
            "M" => new AttributeValue { M = Item(value) },
            "L" => new AttributeValue { L = value.EnumerateArray().Select(Value).ToList() },
            "SS" => new AttributeValue { SS = value.EnumerateArray().Select(v => v.GetString()!).ToList() },
            "NS" => new AttributeValue { NS = value.EnumerateArray().Select(v => v.GetString()!).ToList() },
            "B" => new AttributeValue { B = new MemoryStream(Convert.FromBase64String(value.GetString()!)) },
            _ => throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Unknown DynamoDB attribute type '{type}'.")),
        };
    }
}
