using Portal.Core.Records;
using Portal.Core.Vpcs;

namespace Portal.Core.Tests.Records;

public sealed class RecordListQueryTests
{
    private static RecordListParse Parse(params (string Name, string Value)[] query) =>
        RecordListQuery.Parse(name => query.FirstOrDefault(p => p.Name == name).Value);

    [Fact]
    public void A_full_query_string_round_trips_and_blank_values_mean_any()
    {
        var parsed = Parse(("status", "deletefailed"), ("creator", " bob "), ("q", "Pay Ments"), ("size", "50"), ("page", "tok"), ("ignored", "x"));

        Assert.True(parsed.IsValid);
        Assert.Equal(new RecordListQuery(new RecordFilter(VpcStatus.DeleteFailed, "bob", "Pay Ments"), 50, "tok"), parsed.Query);
        Assert.Equal("?status=DeleteFailed&creator=bob&q=Pay%20Ments&size=50&page=tok", parsed.Query.ToQueryString("tok"));
        Assert.Equal(new RecordListQuery(RecordFilter.None), Parse(("status", ""), ("creator", "  "), ("size", "")).Query);
    }

    [Theory]
    [InlineData("status", "Gone", "status 'Gone' is not a VPC status; use one of Pending, InProgress, Succeeded, Failed, Deleting, Deleted, DeleteFailed.")]
    [InlineData("status", "2", "status '2' is not a VPC status; use one of Pending, InProgress, Succeeded, Failed, Deleting, Deleted, DeleteFailed.")]
    [InlineData("size", "30", "size '30' is not a page size; use 25, 50, 100.")]
    [InlineData("size", "lots", "size 'lots' is not a page size; use 25, 50, 100.")]
    [InlineData("sort", "up", "sort 'up' is not an order; use newest or oldest.")]
    public void Bad_values_say_what_to_use(string name, string value, string error) =>
        Assert.Equal([error], Parse((name, value)).Errors);

    [Fact]
    public void The_token_binding_holds_every_filter_and_the_page_size()
    {
        var query = new RecordListQuery(new RecordFilter(VpcStatus.Failed, "a&b", "X=y"), 100);

        Assert.Equal("status=Failed&creator=a%26b&q=x%3Dy&size=100", query.Binding());
        Assert.NotEqual(query.Binding(), (query with { PageSize = 25 }).Binding());
        Assert.NotEqual(query.Binding(), (query with { Filter = query.Filter with { Creator = null } }).Binding());
        // Text is case-insensitive, so its case does not change the view.
        Assert.Equal(query.Binding(), (query with { Filter = query.Filter with { Text = "x=Y" } }).Binding());
    }
}
