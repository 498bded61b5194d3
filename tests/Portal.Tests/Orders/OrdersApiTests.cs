using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Portal.Tests.Orders;

/// <summary>The orders API's behaviour for an allowed writer: accepted onto the queue (202), stored by the portal's consumer,
/// per-field validation (invalid input never reaches the queue), batch, reads and paging.</summary>
[Collection(OrdersPortal.Collection)]
public sealed class OrdersApiTests(OrdersPortal portal)
{
    private static object Order(string id, string status = "pending", string customer = "Ada", int quantity = 1) => new
    {
        orderID = id, customer, currency = "EUR", status,
        items = new[] { new { sku = "A-1", quantity, unitPrice = 12.5 } },
    };

    private async Task<HttpClient> WriterAsync() => portal.Api(await portal.TokenAsync("orders-writer"));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>The order once the consumer has stored it at <paramref name="version"/> (or later).</summary>
    private static async Task<JsonElement> StoredAsync(HttpClient api, string id, long version = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await api.GetAsync($"/api/orders/{id}");
            if (response.StatusCode == HttpStatusCode.OK && await JsonAsync(response) is var order && order.GetProperty("version").GetInt64() >= version)
                return order;
            Assert.True(DateTime.UtcNow < deadline, $"order {id} was not stored at version {version} within 20 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Posting_the_same_orderID_twice_keeps_one_order_at_version_2()
    {
        var id = "api-" + Guid.NewGuid().ToString("N")[..8];
        using var api = await WriterAsync();

        var created = await api.PostAsJsonAsync("/api/orders", Order(id));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Equal($"/api/orders/{id}", created.Headers.Location?.ToString());
        var accepted = await JsonAsync(created);
        Assert.Equal(id, accepted.GetProperty("orderID").GetString());
        Assert.False(string.IsNullOrEmpty(accepted.GetProperty("messageId").GetString()));
        Assert.Equal(1, (await StoredAsync(api, id)).GetProperty("version").GetInt64());

        var updated = await api.PostAsJsonAsync("/api/orders", Order(id, "paid", quantity: 3));
        Assert.Equal(HttpStatusCode.Accepted, updated.StatusCode);

        var stored = await StoredAsync(api, id, version: 2);
        Assert.Equal(id, stored.GetProperty("orderID").GetString());
        Assert.Equal(2, stored.GetProperty("version").GetInt64());
        Assert.Equal("paid", stored.GetProperty("status").GetString());
        Assert.Equal(37.5m, stored.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task An_invalid_body_gets_a_validation_problem_with_a_message_per_field()
    {
        using var api = await WriterAsync();
        var response = await api.PostAsJsonAsync("/api/orders", new
        {
            orderID = "bad id!", currency = "euro", status = "lost",
            items = new object[] { new { sku = "A-1", quantity = 0, unitPrice = -1 } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Equal(["currency", "customer", "items[0].quantity", "items[0].unitPrice", "orderID", "status"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("is required", errors.GetProperty("customer")[0].GetString());
        Assert.Contains("whole number from 1 to 10000", errors.GetProperty("items[0].quantity")[0].GetString());
    }

    [Fact]
    public async Task Bodies_that_are_not_json_get_a_problem_too()
    {
        using var api = await WriterAsync();
        var broken = await api.PostAsync("/api/orders", new StringContent("{\"orderID\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.StartsWith("The body is not valid JSON", (await JsonAsync(broken)).GetProperty("detail").GetString());

        var text = await api.PostAsync("/api/orders", new StringContent("orderID=1", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_batch_answers_per_item_and_one_bad_order_does_not_stop_the_others()
    {
        var id = "batch-" + Guid.NewGuid().ToString("N")[..8];
        using var api = await WriterAsync();
        var response = await api.PostAsJsonAsync("/api/orders/batch", new[]
        {
            Order(id + "-a"), Order(id + "-b"), Order(id + "-a", "shipped"), new { orderID = id + "-c" } as object,
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal((3, 1), (body.GetProperty("accepted").GetInt32(), body.GetProperty("rejected").GetInt32()));
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["accepted", "accepted", "accepted", "rejected"], results.Select(r => r.GetProperty("outcome").GetString()!).ToArray());
        Assert.Equal(3, results.Take(3).Select(r => r.GetProperty("messageId").GetString()).Distinct().Count());
        Assert.Equal(JsonValueKind.Null, results[3].GetProperty("messageId").ValueKind);
        Assert.Equal(id + "-c", results[3].GetProperty("orderID").GetString());
        Assert.Equal("is required", results[3].GetProperty("errors").GetProperty("customer")[0].GetString());

        // Both entries for -a are applied (SQS does not promise their order), -b once; -c never reached the queue.
        Assert.Equal(2, (await StoredAsync(api, id + "-a", version: 2)).GetProperty("version").GetInt64());
        Assert.Equal(1, (await StoredAsync(api, id + "-b")).GetProperty("version").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/orders/{id}-c")).StatusCode);

        var tooMany = await api.PostAsJsonAsync("/api/orders/batch", Enumerable.Range(0, 6).Select(i => Order($"{id}-{i}")));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("A batch holds 1 to 5 orders; this one has 6. Split it into several calls.", (await JsonAsync(tooMany)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/orders/{id}-0")).StatusCode);
    }

    [Fact]
    public async Task Listing_filters_by_status_and_time_and_pages_with_a_token()
    {
        var id = "page-" + Guid.NewGuid().ToString("N")[..8];
        portal.Clock.Advance(TimeSpan.FromSeconds(1));
        var from = portal.Clock.GetUtcNow();
        using var api = await WriterAsync();
        for (var i = 0; i < 3; i++)
        {
            portal.Clock.Advance(TimeSpan.FromMilliseconds(10));
            Assert.True((await api.PostAsJsonAsync("/api/orders", Order($"{id}-{i}", "delivered"))).IsSuccessStatusCode);
            await StoredAsync(api, $"{id}-{i}"); // stored at this clock time: updatedAt orders the listing
        }

        var query = $"/api/orders?status=delivered&from={Uri.EscapeDataString(from.ToString("o"))}&limit=2";
        var first = await JsonAsync(await api.GetAsync(query));
        Assert.Equal([$"{id}-2", $"{id}-1"], first.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderID").GetString()!).ToArray());
        var token = first.GetProperty("nextPageToken").GetString();
        var second = await JsonAsync(await api.GetAsync(query + "&pageToken=" + Uri.EscapeDataString(token!)));
        Assert.Equal([$"{id}-0"], second.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderID").GetString()!).ToArray());

        // A token is signed and bound to its filters: one changed character, or another filter, is a 400 that never reaches DynamoDB.
        var tampered = (token![^3] == 'A' ? 'B' : 'A') + "";
        var forged = await api.GetAsync(query + "&pageToken=" + Uri.EscapeDataString(token[..^3] + tampered + token[^2..]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("start again from the first page", (await JsonAsync(forged)).GetProperty("errors").GetProperty("pageToken")[0].GetString());
        var otherFilter = await api.GetAsync(query.Replace("status=delivered", "status=paid") + "&pageToken=" + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.BadRequest, otherFilter.StatusCode);

        var bad = await api.GetAsync("/api/orders?status=lost&from=yesterday&limit=500");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["from", "limit", "status"],
            (await JsonAsync(bad)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray());

        var missing = await api.GetAsync("/api/orders/no-such-order");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("There is no order 'no-such-order'.", (await JsonAsync(missing)).GetProperty("detail").GetString());
    }
}
