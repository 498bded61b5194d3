using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Records;
using Portal.Core.Vpcs;

namespace Portal.Core.Tests.Records;

/// <summary>The maintained record counts on the real local DynamoDB: counted once on first read, then kept in step by
/// creates and status changes (atomic ADDs), without counting the table again.</summary>
public sealed class RecordCounterTests
{
    [Fact]
    public async Task The_first_read_counts_the_table_once_and_creates_and_status_changes_keep_it_in_step()
    {
        await using var services = await RecordsTable.StartAsync();
        var store = services.GetRequiredService<VpcRecordStore>();
        var seeds = Enumerable.Range(0, 30).Select(i => RecordSeed.Record(i, RecordsTable.StatusOf(i), "alice", $"n-{i}")).ToList();
        await RecordSeed.WriteAsync(store, seeds); // before the counter exists: these ADDs change nothing

        var first = await store.Counter.ReadAsync();

        Assert.Equal(30, first.Total);
        Assert.Equal(18, first.Of(VpcStatus.Succeeded));
        Assert.Equal(6, first.Of(VpcStatus.Failed));
        Assert.Equal(6, first.Of(VpcStatus.Deleted));

        await RecordSeed.WriteAsync(store, [.. Enumerable.Range(30, 10).Select(i => RecordSeed.Record(i, VpcStatus.Pending, "bob", $"n-{i}"))]);
        var moved = (await store.GetAsync(seeds[0].RequestId))!;
        await store.SaveAsync(moved with { Status = VpcStatus.Deleting });
        await store.SaveAsync((await store.GetAsync(seeds[0].RequestId))! with { Status = VpcStatus.Deleting }); // same status: no move
        await Assert.ThrowsAsync<VpcRecordConflictException>(() => store.SaveAsync(moved with { Status = VpcStatus.Failed })); // refused: not counted
        var after = await store.Counter.ReadAsync();

        Assert.Equal(40, after.Total);
        Assert.Equal(10, after.Of(VpcStatus.Pending));
        Assert.Equal(17, after.Of(VpcStatus.Succeeded));
        Assert.Equal(1, after.Of(VpcStatus.Deleting));
        Assert.Equal(6, after.Of(VpcStatus.Failed));
        Assert.Equal(after.Total, after.ByStatus.Values.Sum());
        Assert.Equal(after.ByStatus.OrderBy(p => p.Key), (await store.Counter.RecountAsync()).ByStatus.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Concurrent_creates_are_all_counted()
    {
        await using var services = await RecordsTable.StartAsync();
        var store = services.GetRequiredService<VpcRecordStore>();
        Assert.Equal(0, (await store.Counter.ReadAsync()).Total);

        await RecordSeed.WriteAsync(store, [.. Enumerable.Range(0, 60).Select(i => RecordSeed.Record(i, VpcStatus.Succeeded, "a", $"c-{i}"))], concurrency: 16);

        Assert.Equal(60, (await store.Counter.ReadAsync()).Total);
    }
}
