using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Paging;
using Portal.Core.Records;
using Portal.Core.Vpcs;

namespace Portal.Core.Tests.Records;

/// <summary>Filtered, newest-first paging over the real local DynamoDB with signed page tokens.</summary>
public sealed class RecordPagingTests(RecordsTable table) : IClassFixture<RecordsTable>
{
    private async Task<List<List<string>>> AllPagesAsync(RecordListQuery first)
    {
        var pages = new List<List<string>>();
        var query = first;
        while (true)
        {
            var page = await table.Browser.PageAsync(query, CancellationToken.None);
            Assert.False(page.IsRefused, page.TokenError);
            pages.Add(page.Records.Select(r => r.RequestId).ToList());
            if (page.NextToken is null)
                return pages;
            Assert.True(pages.Count < 100, "paging does not end");
            query = query with { PageToken = page.NextToken };
        }
    }

    [Fact]
    public async Task Status_creator_and_text_combined_page_across_the_boundary_newest_first_without_gaps_or_repeats()
    {
        // i % 6 == 0 and i % 5 in {0,1,2}: 41 of 400, sparse enough that one page takes several Query calls.
        var filter = new RecordFilter(VpcStatus.Succeeded, "alice", "PAY");
        var expected = RecordSeed.Expected(table.Seeds, filter.Matches);
        Assert.Equal(41, expected.Count);

        var pages = await AllPagesAsync(new RecordListQuery(filter, 25));

        Assert.Equal([25, 16], pages.Select(p => p.Count));
        Assert.Equal(expected, pages.SelectMany(p => p));
    }

    [Fact]
    public async Task The_last_full_page_has_no_next_token_so_there_is_never_an_empty_page()
    {
        var pages = await AllPagesAsync(new RecordListQuery(RecordFilter.None, 50));

        Assert.Equal(Enumerable.Repeat(50, 8), pages.Select(p => p.Count));
        Assert.Equal(RecordSeed.Expected(table.Seeds, _ => true), pages.SelectMany(p => p));
    }

    [Theory]
    [InlineData("VPC-0000000000000000A", 1)] // VPC id, other case (record 10)
    [InlineData("10.0.17.0/24", 1)] // CIDR (record 17)
    [InlineData("payments-3", 39)] // names: 3, 30, 33, 36, 39 and the 34 multiples of 3 from 300 to 399
    public async Task Text_matches_name_vpc_id_or_cidr_ignoring_case(string text, int count)
    {
        var filter = new RecordFilter(Text: text);
        var expected = RecordSeed.Expected(table.Seeds, filter.Matches);
        Assert.Equal(count, expected.Count);

        var pages = await AllPagesAsync(new RecordListQuery(filter, 25));

        Assert.Equal(expected, pages.SelectMany(p => p));
        Assert.All(pages.SelectMany(p => p), id =>
        {
            var seed = table.Seeds.Single(s => s.RequestId == id);
            Assert.Contains(text.ToLowerInvariant(), $"{seed.Name}|{seed.VpcId}|{seed.Cidr}".ToLowerInvariant(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_creator_matches_the_start_of_a_user_name_and_oldest_first_pages_the_other_way()
    {
        var filter = new RecordFilter(VpcStatus.Failed, Creator: "b");
        var newest = RecordSeed.Expected(table.Seeds, r => r.Status == VpcStatus.Failed && r.RequestedBy == "bob");
        Assert.Equal(40, newest.Count);

        var pages = await AllPagesAsync(new RecordListQuery(filter, 25, Order: RecordOrder.OldestFirst));

        Assert.Equal([25, 15], pages.Select(p => p.Count));
        Assert.Equal(newest.Reverse(), pages.SelectMany(p => p));
        Assert.Empty((await table.Browser.PageAsync(new RecordListQuery(new RecordFilter(Creator: "ob")), CancellationToken.None)).Records);
        var newestFirst = new RecordListQuery(filter, 25);
        var token = (await table.Browser.PageAsync(newestFirst, CancellationToken.None)).NextToken!;
        Assert.True((await table.Browser.PageAsync(newestFirst with { PageToken = token, Order = RecordOrder.OldestFirst }, CancellationToken.None)).IsRefused);
    }

    [Fact]
    public async Task A_modified_token_is_refused_with_a_message_and_no_records()
    {
        var query = new RecordListQuery(new RecordFilter(Creator: "bob"), 25);
        var first = await table.Browser.PageAsync(query, CancellationToken.None);
        var token = first.NextToken!;

        foreach (var tampered in new[] { token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), "x" + token, token.Replace('.', '_'), "not-a-token" })
        {
            var page = await table.Browser.PageAsync(query with { PageToken = tampered }, CancellationToken.None);
            Assert.True(page.IsRefused);
            Assert.Empty(page.Records);
            Assert.EndsWith("start again from the first page.", page.TokenError);
        }
    }

    [Fact]
    public async Task A_token_replayed_with_other_filters_or_page_size_is_refused()
    {
        var query = new RecordListQuery(new RecordFilter(Creator: "bob"), 25);
        var token = (await table.Browser.PageAsync(query, CancellationToken.None)).NextToken!;

        foreach (var other in new[]
                 {
                     query with { Filter = new RecordFilter(Creator: "alice") },
                     query with { Filter = new RecordFilter(VpcStatus.Failed, "bob") },
                     query with { Filter = new RecordFilter(Creator: "bob", Text: "x") },
                     query with { PageSize = 50 },
                 })
        {
            var page = await table.Browser.PageAsync(other with { PageToken = token }, CancellationToken.None);
            Assert.Equal("The page token belongs to other filters: start again from the first page.", page.TokenError);
        }

        Assert.False((await table.Browser.PageAsync(query with { PageToken = token }, CancellationToken.None)).IsRefused);
    }

    [Fact]
    public async Task A_token_signed_by_another_portal_is_refused()
    {
        await using var other = await RecordsTable.StartAsync(); // its own random Local-mode key
        var query = new RecordListQuery(RecordFilter.None, 25);
        var key = new Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>
        {
            ["pk"] = new() { S = "VPC#" + table.Seeds[0].RequestId }, ["sk"] = new() { S = "RECORD" },
            ["listKey"] = new() { S = "VPC" }, ["createdAt"] = new() { S = "2026-01-01T00:00:00.0000000Z" },
        };
        var token = other.GetRequiredService<PageTokenCodec>().Encode(key, query.Binding());

        var page = await table.Browser.PageAsync(query with { PageToken = token }, CancellationToken.None);

        Assert.Equal("The page token was modified or comes from another portal: start again from the first page.", page.TokenError);
    }
}
