using Portal.Core.Networking;
using Portal.Core.Records;
using Portal.Core.Vpcs;

namespace Portal.Core.Tests.Records;

/// <summary>What the resource map may claim for a record in each state, and where the console link goes.</summary>
public sealed class RecordResourcesTests
{
    private static VpcRecord Record(VpcStatus status, int made, string? rollback = null) => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        Name = "n",
        Cidr = "10.0.0.0/16",
        Status = status,
        RequestedBy = "a",
        Region = "eu-west-1",
        CreateInternetGateway = true,
        VpcId = "vpc-1",
        InternetGatewayId = made > 2 ? "igw-1" : null,
        RollbackOutcome = rollback,
        Subnets = [.. Enumerable.Range(0, 4).Select(i => new VpcRecordSubnet($"s{i}", $"10.0.{i}.0/24", i % 2 == 0 ? "eu-west-1a" : "eu-west-1b",
            i < 2 ? SubnetKind.Public : SubnetKind.Private, 251, i < made ? $"subnet-{i}" : null))],
    };

    [Fact]
    public void A_finished_failure_shows_only_what_it_made_and_counts_the_rest_as_never_made()
    {
        var map = ResourceMap.Of(Record(VpcStatus.Failed, made: 1, rollback: "complete"));

        var subnet = Assert.Single(map.Subnets);
        Assert.Equal(("subnet-0", ResourceState.Removed), (subnet.Id, subnet.State));
        Assert.Equal(3, map.NeverMade);
        Assert.Null(map.InternetGateway); // asked for, never made
        Assert.Null(map.RouteTable);
        Assert.False(map.VpcExists);
        Assert.Null(RecordSummary.ConsoleLink(Record(VpcStatus.Failed, made: 1, rollback: "complete")));
    }

    [Fact]
    public void A_running_request_shows_what_is_not_made_yet_as_planned()
    {
        var map = ResourceMap.Of(Record(VpcStatus.InProgress, made: 3));

        Assert.Equal([ResourceState.Exists, ResourceState.Exists, ResourceState.Exists, ResourceState.Planned], map.Subnets.Select(s => s.State));
        Assert.Equal(ResourceState.Exists, map.InternetGateway!.State);
        Assert.Equal(ResourceState.Planned, map.RouteTable!.State);
        Assert.Equal(0, map.NeverMade);
    }

    [Fact]
    public void Cleanups_mark_what_they_left_and_a_deleted_vpc_has_no_console_link()
    {
        var left = ResourceMap.Of(Record(VpcStatus.DeleteFailed, made: 4, rollback: "left: subnet-2 (DependencyViolation), vpc-1 (DependencyViolation)"));
        var deleted = Record(VpcStatus.Deleted, made: 4, rollback: "complete");

        Assert.Equal([ResourceState.Removed, ResourceState.Removed, ResourceState.Left, ResourceState.Removed], left.Subnets.Select(s => s.State));
        Assert.Equal(ResourceState.Left, left.Vpc!.State);
        Assert.True(left.VpcExists);
        Assert.All(ResourceMap.Of(deleted).Subnets, s => Assert.Equal(ResourceState.Removed, s.State));
        Assert.Null(RecordSummary.ConsoleLink(deleted));
        Assert.NotNull(RecordSummary.ConsoleLink(Record(VpcStatus.Succeeded, made: 4)));
    }

    [Theory]
    [InlineData(" n ", null)]
    [InlineData("", "Nothing was typed: type n exactly to confirm.")]
    [InlineData("N", "'N' is not the VPC's name: type n exactly to confirm.")]
    public void A_teardown_is_confirmed_by_the_exact_name(string typed, string? error) =>
        Assert.Equal(error, VpcTeardown.ConfirmationError(Record(VpcStatus.Succeeded, 4), typed));

    [Fact]
    public void Page_cursors_go_forward_and_back_and_start_again()
    {
        var cursors = new PageCursors();
        Assert.Equal((null, 1, false), (cursors.Current, cursors.PageNumber, cursors.HasPrevious));

        cursors.Next("t2");
        cursors.Next("t3");
        Assert.Equal(("t3", 3, true), (cursors.Current, cursors.PageNumber, cursors.HasPrevious));
        cursors.Previous();
        Assert.Equal(("t2", 2), (cursors.Current, cursors.PageNumber));
        cursors.Reset();
        cursors.Previous();
        Assert.Equal((null, 1), (cursors.Current, cursors.PageNumber));
    }
}
