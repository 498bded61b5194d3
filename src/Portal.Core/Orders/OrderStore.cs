using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Paging;

namespace Portal.Core.Orders;

/// <summary>The result of an upsert: the stored order and whether it was new.</summary>
public sealed record UpsertResult(Order Order, bool Inserted);

/// <summary>What applying a queue message did: stored it (new or updated), or found it applied before (a redelivery).</summary>
public enum ApplyOutcome
{
    Inserted,
    Updated,
    AlreadyApplied,
}

/// <summary>Reads and writes the <c>orders</c> table. One order is upserted with a single UpdateItem (no transaction is needed): the version is bumped with ADD, createdAt is kept with
/// if_not_exists, and the returned version tells inserted (1) from updated (&gt;1).</summary>
public sealed class OrderStore(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws, TimeProvider time, PageTokenCodec tokens)
{
    private string Table => aws.Value.Tables.Orders;

    public async Task<UpsertResult> UpsertAsync(OrderDraft draft, CancellationToken cancellationToken = default)
    {
        var request = UpsertRequest(draft, OrdersTable.Time(time.GetUtcNow()));
        request.ReturnValues = ReturnValue.ALL_NEW;
        var response = await dynamo.UpdateItemAsync(request, cancellationToken);
        var order = OrdersTable.FromItem(response.Attributes);
        return new UpsertResult(order, order.Version == 1);
    }

    /// <summary>Applies one queue message to its order exactly once: one conditional UpdateItem that sets the fields, bumps
    /// the version with ADD and adds the message id to the order's <c>messages</c> set, on condition that the set does not
    /// hold it yet. A redelivered message (after a lost delete, a crash, a visibility timeout) fails the condition and
    /// changes nothing. The set grows by one id per change of the order (a few dozen bytes; an item holds 400 KB).</summary>
    public async Task<ApplyOutcome> ApplyMessageAsync(OrderDraft draft, string messageId, DateTimeOffset acceptedAt, CancellationToken cancellationToken = default)
    {
        var now = OrdersTable.Time(time.GetUtcNow());
        var request = UpsertRequest(draft, now, set: ", #acceptedAt = :accepted, #storedAt = :now", add: ", #messages :message");
        request.ConditionExpression = "attribute_not_exists(#messages) OR NOT contains(#messages, :messageId)";
        request.ExpressionAttributeNames["#messages"] = "messages";
        request.ExpressionAttributeNames["#acceptedAt"] = "acceptedAt";
        request.ExpressionAttributeNames["#storedAt"] = "storedAt";
        request.ExpressionAttributeValues[":accepted"] = new() { S = OrdersTable.Time(acceptedAt) };
        request.ExpressionAttributeValues[":message"] = new() { SS = [messageId] };
        request.ExpressionAttributeValues[":messageId"] = new() { S = messageId };
        request.ReturnValues = ReturnValue.UPDATED_NEW;
        try
        {
            var response = await dynamo.UpdateItemAsync(request, cancellationToken);
            return response.Attributes["version"].N == "1" ? ApplyOutcome.Inserted : ApplyOutcome.Updated;
        }
        catch (ConditionalCheckFailedException)
        {
            return ApplyOutcome.AlreadyApplied;
        }
    }

    /// <summary>The upsert both writers share: the version bumped with ADD, createdAt kept with if_not_exists, the loader's
    /// marks removed; <paramref name="set"/> and <paramref name="add"/> extend its SET and ADD clauses.</summary>
    private UpdateItemRequest UpsertRequest(OrderDraft draft, string now, string set = "", string add = "") => new()
    {
        TableName = Table,
        Key = new() { ["orderID"] = OrdersTable.Key(draft.OrderId) },
        // Every name aliased: status and items are DynamoDB reserved words.
        UpdateExpression = "SET #customer = :customer, #currency = :currency, #status = :status, #items = :items, #total = :total, "
            + $"#updatedAt = :now, #createdAt = if_not_exists(#createdAt, :now){set} ADD #version :one{add} REMOVE #loadJob, #loadLine",
        ExpressionAttributeNames = new()
        {
            ["#customer"] = "customer", ["#currency"] = "currency", ["#status"] = "status", ["#items"] = "items",
            ["#total"] = "total", ["#updatedAt"] = "updatedAt", ["#createdAt"] = "createdAt", ["#version"] = "version",
            ["#loadJob"] = "loadJob", ["#loadLine"] = "loadLine",
        },
        ExpressionAttributeValues = new()
        {
            [":customer"] = new() { S = draft.Customer },
            [":currency"] = new() { S = draft.Currency },
            [":status"] = new() { S = draft.Status },
            [":items"] = OrdersTable.ItemsValue(draft.Items),
            [":total"] = OrdersTable.Number(draft.Total),
            [":now"] = new() { S = now },
            [":one"] = OrdersTable.Number(1L),
        },
    };

    public async Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            Key = new() { ["orderID"] = OrdersTable.Key(orderId) },
            ConsistentRead = true,
        }, cancellationToken);
        return response.IsItemSet && response.Item.Count > 0 ? OrdersTable.FromItem(response.Item) : null;
    }

    /// <summary>Field errors a caller can fix, the page token included (modified, from another portal or other filters).</summary>
    public IReadOnlyList<FieldError> Validate(OrderQuery query)
    {
        var errors = query.Validate().ToList();
        if (query.PageToken is not null && Cursors(query).Error is { } refused)
            errors.Add(new("pageToken", refused));
        return errors;
    }

    private PageTokenResult<OrderCursors> Cursors(OrderQuery query)
    {
        var decoded = tokens.Decode<OrderCursors>(query.PageToken!, query.Binding());
        return decoded.IsValid && !decoded.Position!.Keys.All(OrderStatus.IsKnown)
            ? new(null, "The page token names an unknown status: start again from the first page.")
            : decoded;
    }

    /// <summary>Newest first by updatedAt, from the byStatus index: one status partition, or all of them merged.</summary>
    public async Task<OrderPage> ListAsync(OrderQuery query, CancellationToken cancellationToken = default)
    {
        var errors = Validate(query);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors), nameof(query));

        var cursors = query.PageToken is null ? new OrderCursors() : Cursors(query).Position!;
        var statuses = query.Status is null ? OrderStatus.All : [query.Status];
        var fetched = await Task.WhenAll(statuses.Select(async status =>
        {
            var cursor = cursors.GetValueOrDefault(status);
            return cursor is { Done: true }
                ? (status, cursor, items: new List<Dictionary<string, AttributeValue>>(), more: false)
                : await FetchAsync(status, cursor, query, cancellationToken);
        }));

        // A k-way merge that keeps each partition's own order (ties on updatedAt included), so what a page takes
        // from a partition is always a prefix of it and its cursor is exact.
        var heads = new int[fetched.Length];
        var page = new List<(string status, Dictionary<string, AttributeValue> item)>();
        while (page.Count < query.Limit)
        {
            var pick = -1;
            for (var s = 0; s < fetched.Length; s++)
            {
                if (heads[s] < fetched[s].items.Count && (pick < 0 || string.CompareOrdinal(
                        fetched[s].items[heads[s]]["updatedAt"].S, fetched[pick].items[heads[pick]]["updatedAt"].S) > 0))
                    pick = s;
            }

            if (pick < 0)
                break;
            page.Add((fetched[pick].status, fetched[pick].items[heads[pick]++]));
        }

        var next = new OrderCursors();
        foreach (var (status, cursor, items, more) in fetched)
        {
            var consumed = page.Where(p => p.status == status).Select(p => p.item).ToList();
            if (consumed.Count == 0)
                next[status] = cursor ?? new OrderCursor(null, null, Done: items.Count == 0 && !more);
            else
            {
                var last = consumed[^1];
                next[status] = new OrderCursor(last["orderID"].S, last["updatedAt"].S, Done: consumed.Count == items.Count && !more);
            }
        }

        var token = next.Values.All(c => c.Done) ? null : tokens.Encode(next, query.Binding());
        return new OrderPage(page.Select(p => OrdersTable.FromItem(p.item)).ToList(), token);
    }

    /// <summary>Up to Limit items of one status after the cursor, following DynamoDB's own pages when a
    /// 1 MB page stops short (the merge needs a full Limit from each partition to be in order).</summary>
    private async Task<(string status, OrderCursor? cursor, List<Dictionary<string, AttributeValue>> items, bool more)> FetchAsync(
        string status, OrderCursor? cursor, OrderQuery query, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue> { [":status"] = new() { S = status } };
        var condition = "#status = :status";
        if (query.From is not null)
            values[":from"] = new() { S = OrdersTable.Time(query.From.Value) };
        if (query.To is not null)
            values[":to"] = new() { S = OrdersTable.Time(query.To.Value) };
        condition += (query.From, query.To) switch
        {
            (not null, not null) => " AND #updatedAt BETWEEN :from AND :to",
            (not null, null) => " AND #updatedAt >= :from",
            (null, not null) => " AND #updatedAt <= :to",
            _ => "",
        };

        var startKey = cursor?.OrderId is null ? null : new Dictionary<string, AttributeValue>
        {
            ["orderID"] = new() { S = cursor.OrderId },
            ["status"] = new() { S = status },
            ["updatedAt"] = new() { S = cursor.UpdatedAt },
        };
        var items = new List<Dictionary<string, AttributeValue>>();
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = Table,
                IndexName = OrdersTable.ByStatusIndex,
                KeyConditionExpression = condition,
                ExpressionAttributeNames = condition.Contains("#updatedAt", StringComparison.Ordinal)
                    ? new() { ["#status"] = "status", ["#updatedAt"] = "updatedAt" }
                    : new() { ["#status"] = "status" },
                ExpressionAttributeValues = values,
                ScanIndexForward = false,
                Limit = query.Limit - items.Count,
                ExclusiveStartKey = startKey,
            }, cancellationToken);
            items.AddRange(response.Items ?? []);
            startKey = response.LastEvaluatedKey is { Count: > 0 } ? response.LastEvaluatedKey : null;
        }
        while (startKey is not null && items.Count < query.Limit);

        return (status, cursor, items, startKey is not null);
    }
}
