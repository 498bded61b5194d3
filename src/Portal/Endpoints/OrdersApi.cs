using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Portal.Auth;
using Microsoft.Extensions.Options;
using Portal.Core.Orders;
using Portal.Hosting;

namespace Portal.Endpoints;

/// <summary>The machine-to-machine orders API (bearer access tokens only, scopes orders/read and orders/write).
/// Every error is problem-details JSON; validation errors list a message per field.</summary>
public static class OrdersApi
{
    private static readonly AuthorizationPolicy ReadPolicy = ScopeRequirement.Bearer("orders/read");
    private static readonly AuthorizationPolicy WritePolicy = ScopeRequirement.Bearer("orders/write");
    private static readonly MutationPolicy WriteScope =
        new("machine API: the Bearer scheme checks the access token and the orders/write scope (no cookie, no antiforgery)");

    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orders");

        api.MapPost("", async (HttpRequest request, OrderIngest ingest, IOptions<ApiLimits> limits, CancellationToken cancel) =>
            {
                var (document, problem) = await ReadJsonAsync(request, ingest, limits.Value, maxArrayItems: null, cancel);
                if (problem is not null)
                    return problem;
                using var _ = document;
                var result = await ingest.IngestAsync(OrderInput.FromJson(document!.RootElement), cancel);
                return result.Outcome == IngestOutcome.Rejected
                    ? Invalid(result.Errors)
                    : Results.Accepted($"/api/orders/{Uri.EscapeDataString(result.OrderId!)}", new { orderID = result.OrderId, messageId = result.MessageId });
            })
            .RequireAuthorization(WritePolicy)
            .WithMetadata(WriteScope);

        // 202 as soon as the valid orders are on the queue; each entry says accepted (with its message id) or rejected (with
        // its field errors). The consumer stores them shortly after (GET /api/orders/{orderID} shows them then).
        api.MapPost("/batch", async (HttpRequest request, OrderIngest ingest, IOptions<ApiLimits> limits, CancellationToken cancel) =>
            {
                var (document, problem) = await ReadJsonAsync(request, ingest, limits.Value, ingest.MaxBatch, cancel);
                if (problem is not null)
                    return problem;
                using var _ = document;
                var body = document!.RootElement;
                if (body.ValueKind != JsonValueKind.Array)
                    return Results.Problem($"The body must be a JSON array of 1 to {ingest.MaxBatch} orders.", statusCode: StatusCodes.Status400BadRequest);
                var count = body.GetArrayLength();
                if (count == 0 || count > ingest.MaxBatch)
                    return Results.Problem($"A batch holds 1 to {ingest.MaxBatch} orders; this one has {count}. Split it into several calls.",
                        statusCode: StatusCodes.Status400BadRequest);

                var inputs = body.EnumerateArray().Select(e => OrderInput.FromJson(e)).ToList();
                var results = await ingest.IngestBatchAsync(inputs, cancel);
                return Results.Json(new
                {
                    accepted = results.Count(r => r.Outcome == IngestOutcome.Accepted),
                    rejected = results.Count(r => r.Outcome == IngestOutcome.Rejected),
                    results = results.Select((r, i) => new
                    {
                        index = i,
                        orderID = r.OrderId,
                        outcome = r.Outcome.ToString().ToLowerInvariant(),
                        messageId = r.MessageId,
                        errors = r.Errors.Count == 0 ? null : ByField(r.Errors),
                    }),
                }, statusCode: StatusCodes.Status202Accepted);
            })
            .RequireAuthorization(WritePolicy)
            .WithMetadata(WriteScope);

        api.MapGet("/{orderID}", async (string orderID, OrderStore store, CancellationToken cancel) =>
                await store.GetAsync(orderID, cancel) is { } order
                    ? Results.Ok(order)
                    : Results.Problem($"There is no order '{orderID}'.", statusCode: StatusCodes.Status404NotFound))
            .RequireAuthorization(ReadPolicy);

        api.MapGet("", async (string? status, string? from, string? to, int? limit, string? pageToken, OrderStore store, CancellationToken cancel) =>
            {
                var errors = new List<FieldError>();
                var query = new OrderQuery(
                    string.IsNullOrEmpty(status) ? null : status,
                    ParseTime(from, "from", errors), ParseTime(to, "to", errors), limit ?? 25, string.IsNullOrEmpty(pageToken) ? null : pageToken);
                errors.AddRange(store.Validate(query));
                if (errors.Count > 0)
                    return Invalid(errors);
                var page = await store.ListAsync(query, cancel);
                return Results.Ok(new { items = page.Items, nextPageToken = page.NextPageToken });
            })
            .RequireAuthorization(ReadPolicy);

        return app;
    }

    /// <summary>The body within the size limit; a refused body counts as a rejected order in the pipeline's figures.</summary>
    private static async Task<(JsonDocument? Document, IResult? Problem)> ReadJsonAsync(
        HttpRequest request, OrderIngest ingest, ApiLimits limits, int? maxArrayItems, CancellationToken cancel)
    {
        var (document, problem) = await JsonRequestBody.ReadAsync(request, limits.MaxJsonBodyBytes, maxArrayItems, cancel);
        if (problem is not null)
            await ingest.CountRejectedAsync(cancel);
        return (document, problem);
    }

    private static DateTimeOffset? ParseTime(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return at;
        errors.Add(new FieldError(field, "must be an ISO 8601 time, e.g. 2026-11-21T10:00:00Z"));
        return null;
    }

    private static Dictionary<string, string[]> ByField(IEnumerable<FieldError> errors) =>
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());

    private static IResult Invalid(IEnumerable<FieldError> errors) =>
        Results.ValidationProblem(ByField(errors), detail: "Fix the fields listed in 'errors' and send the request again.");
}
