using Portal.Core.Orders;

namespace Portal.Core.Tests.Orders;

public sealed class OrderStoreTests(OrdersStack stack) : IClassFixture<OrdersStack>
{
    private OrderStore Store => stack.Get<OrderStore>();

    [Fact]
    public async Task The_same_orderID_twice_gives_one_record_at_version_2_with_the_first_createdAt()
    {
        var first = await Store.UpsertAsync(OrdersStack.Draft("upsert-1", customer: "Ada"));
        var created = stack.Clock.GetUtcNow();
        stack.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await Store.UpsertAsync(OrdersStack.Draft("upsert-1", OrderStatus.Paid, customer: "Ada L."));

        Assert.True(first.Inserted);
        Assert.Equal(1, first.Order.Version);
        Assert.False(second.Inserted);
        Assert.Equal(2, second.Order.Version);

        var stored = await Store.GetAsync("upsert-1");
        Assert.NotNull(stored);
        Assert.Equal(2, stored.Version);
        Assert.Equal("Ada L.", stored.Customer);
        Assert.Equal(OrderStatus.Paid, stored.Status);
        Assert.Equal(created, stored.CreatedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(created.AddMinutes(5), stored.UpdatedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(19.98m, stored.Total);
    }

    [Fact]
    public async Task An_unknown_orderID_is_not_found() =>
        Assert.Null(await Store.GetAsync("never-stored"));

    [Fact]
    public async Task Listing_merges_statuses_newest_first_and_pages_through_every_order_exactly_once()
    {
        // 13 orders in 3 statuses, several sharing one updatedAt (as a bulk load writes them).
        var start = stack.Clock.GetUtcNow().AddDays(1);
        stack.Clock.Set(start);
        var ids = new List<string>();
        for (var i = 0; i < 13; i++)
        {
            if (i % 4 == 0)
                stack.Clock.Advance(TimeSpan.FromSeconds(1));
            var id = $"list-{i:00}";
            ids.Add(id);
            await Store.UpsertAsync(OrdersStack.Draft(id, OrderStatus.All[i % 3]));
        }

        var seen = new List<Order>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(new OrderQuery(From: start, Limit: 4, PageToken: token));
            Assert.True(page.Items.Count <= 4);
            seen.AddRange(page.Items);
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(ids.Order().ToArray(), seen.Select(o => o.OrderId).Order().ToArray());
        Assert.Equal(seen.OrderByDescending(o => o.UpdatedAt).Select(o => o.UpdatedAt), seen.Select(o => o.UpdatedAt));

        var paid = await Store.ListAsync(new OrderQuery(OrderStatus.Paid, From: start, Limit: 100));
        Assert.Equal(ids.Where((_, i) => i % 3 == 1).Order(), paid.Items.Select(o => o.OrderId).Order());
        Assert.Null(paid.NextPageToken);

        var firstSecond = await Store.ListAsync(new OrderQuery(From: start, To: start.AddSeconds(1.5), Limit: 100));
        Assert.Equal(ids.Take(4).Order(), firstSecond.Items.Select(o => o.OrderId).Order());
    }

    [Fact]
    public void A_query_with_bad_values_says_what_to_fix()
    {
        var errors = Store.Validate(new OrderQuery("lost", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(-1), 0, "garbage!"));
        Assert.Equal(["status", "from", "limit", "pageToken"], errors.Select(e => e.Field).ToArray());
    }

    [Fact]
    public async Task A_page_token_that_was_modified_or_belongs_to_other_filters_is_refused_before_dynamodb()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var query = new OrderQuery(From: start, Limit: 1);
        foreach (var id in new[] { "tok-" + Guid.NewGuid().ToString("N")[..6], "tok-" + Guid.NewGuid().ToString("N")[..6] })
            await Store.UpsertAsync(OrdersStack.Draft(id));
        var token = (await Store.ListAsync(query)).NextPageToken!;

        // The cursor inside is plain JSON: rewriting it (another order to start from) breaks the signature.
        var parts = token.Split('.');
        var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(parts[0].Replace('-', '+').Replace('_', '/').PadRight((parts[0].Length + 3) / 4 * 4, '=')));
        var forged = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json.Replace("tok-", "zzz-"))).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "." + parts[1];

        Assert.Contains("modified", Assert.Single(Store.Validate(query with { PageToken = forged })).Message);
        Assert.Contains("other filters", Assert.Single(Store.Validate(query with { Status = OrderStatus.Paid, PageToken = token })).Message);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListAsync(query with { PageToken = forged }));
        Assert.Empty(Store.Validate(query with { PageToken = token }));
    }
}
