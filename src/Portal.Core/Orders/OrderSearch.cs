using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Orders;

/// <summary>What the orders page searches for: orders whose id starts with <paramref name="IdPrefix"/> (exact case)
/// and whose customer contains <paramref name="Customer"/> (any case), optionally of one status; the id and the customer
/// may each be left empty, not both.</summary>
public sealed record OrderSearchQuery(string? IdPrefix, string? Customer, string? Status = null, int Limit = 50)
{
    public const int MaxTermLength = 100;

    public string? Prefix => string.IsNullOrWhiteSpace(IdPrefix) ? null : IdPrefix.Trim();

    public string? CustomerTerm => string.IsNullOrWhiteSpace(Customer) ? null : Customer.Trim();

    /// <summary>Field errors a caller can fix, by field (idPrefix, customer, limit).</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (Prefix is null && CustomerTerm is null)
            errors.Add(new("idPrefix", "type the start of an order id or part of a customer's name"));
        if (Prefix?.Length > MaxTermLength)
            errors.Add(new("idPrefix", $"must be at most {MaxTermLength} characters"));
        if (CustomerTerm?.Length > MaxTermLength)
            errors.Add(new("customer", $"must be at most {MaxTermLength} characters"));
        if (Status is not null && !OrderStatus.IsKnown(Status))
            errors.Add(new("status", $"must be one of {string.Join(", ", OrderStatus.All)}"));
        if (Limit is < 1 or > OrderQuery.MaxLimit)
            errors.Add(new("limit", $"must be from 1 to {OrderQuery.MaxLimit}"));
        return errors;
    }
}

/// <summary>The matches, newest update first; <c>More</c> when more orders matched than the limit, <c>Partial</c> when
/// the search stopped at <see cref="OrderSearch.MaxScanned"/> orders before reading the whole table.</summary>
public sealed record OrderSearchResult(IReadOnlyList<Order> Orders, bool More, bool Partial);

/// <summary>Search by id prefix and by customer. The table has no index on either (its key is the whole orderID, its one
/// index is by status), so this is a Scan with the prefix as a filter, the customer matched here (DynamoDB compares
/// case-sensitively), bounded by <see cref="MaxScanned"/> items read so one search cannot read a huge table.</summary>
public sealed class OrderSearch(IAmazonDynamoDB dynamo, IOptions<AwsOptions> aws)
{
    public const int MaxScanned = 20_000;

    public async Task<OrderSearchResult> SearchAsync(OrderSearchQuery query, CancellationToken cancellationToken = default)
    {
        var errors = query.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors), nameof(query));

        var matches = new List<Order>();
        var scanned = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var request = new ScanRequest { TableName = aws.Value.Tables.Orders, ExclusiveStartKey = start, Limit = 1000 };
            var filters = new List<string>();
            request.ExpressionAttributeValues = [];
            if (query.Prefix is { } prefix)
            {
                filters.Add("begins_with(orderID, :prefix)");
                request.ExpressionAttributeValues[":prefix"] = new() { S = prefix };
            }

            if (query.Status is { } status)
            {
                filters.Add("#status = :status"); // status is a reserved word
                request.ExpressionAttributeNames = new() { ["#status"] = "status" };
                request.ExpressionAttributeValues[":status"] = new() { S = status };
            }

            if (filters.Count > 0)
                request.FilterExpression = string.Join(" AND ", filters);
            else
                request.ExpressionAttributeValues = null;

            var page = await dynamo.ScanAsync(request, cancellationToken);
            scanned += page.ScannedCount ?? 0;
            matches.AddRange((page.Items ?? []).Select(OrdersTable.FromItem)
                .Where(o => query.CustomerTerm is not { } customer || o.Customer.Contains(customer, StringComparison.OrdinalIgnoreCase)));
            start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
        }
        while (start is not null && scanned < MaxScanned);

        var sorted = matches.OrderByDescending(o => o.UpdatedAt).ThenBy(o => o.OrderId, StringComparer.Ordinal).ToList();
        return new OrderSearchResult(sorted.Take(query.Limit).ToList(), sorted.Count > query.Limit, Partial: start is not null);
    }
}
