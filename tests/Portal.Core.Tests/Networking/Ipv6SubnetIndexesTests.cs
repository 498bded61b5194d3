using Portal.Core.Networking;

namespace Portal.Core.Tests.Networking;

public class Ipv6SubnetIndexesTests
{
    [Fact]
    public void Kept_names_keep_their_index_and_new_names_take_the_lowest_free_ones()
    {
        var indexes = Ipv6SubnetIndexes.Assign(["public-a", "public-c", "private-a", "private-c"],
            new Dictionary<string, int> { ["public-a"] = 0, ["private-a"] = 2 });

        Assert.Equal([0, 1, 2, 3], indexes);
    }

    [Fact]
    public void The_first_of_a_tier_keeps_its_index_when_it_gains_its_ordinal()
    {
        var indexes = Ipv6SubnetIndexes.Assign(["public-a-1", "public-a-2"], new Dictionary<string, int> { ["public-a"] = 7 });

        Assert.Equal([7, 0], indexes);
    }

    [Fact]
    public void Out_of_range_or_repeated_indexes_are_not_kept()
    {
        Assert.Equal([3, 0, 1, 2], Ipv6SubnetIndexes.Fill([3, 3, 256, -1]));
    }

    [Fact]
    public void A_56_has_room_for_256_and_rows_beyond_get_none()
    {
        var indexes = Ipv6SubnetIndexes.Fill(new int?[300]);

        Assert.Equal(Enumerable.Range(0, 256).Select(i => (int?)i), indexes.Take(256));
        Assert.All(indexes.Skip(256), index => Assert.Null(index));
    }

    [Fact]
    public void Random_given_indexes_are_kept_when_valid_and_the_rest_filled_without_repeats()
    {
        var random = new Random(20261202);
        for (var n = 0; n < 1000; n++)
        {
            var given = Enumerable.Range(0, random.Next(0, 260))
                .Select(_ => random.Next(3) == 0 ? (int?)null : random.Next(-5, 262)).ToArray();

            var filled = Ipv6SubnetIndexes.Fill(given);

            var assigned = filled.OfType<int>().ToArray();
            Assert.Equal(assigned.Length, assigned.Distinct().Count());
            Assert.All(assigned, index => Assert.InRange(index, 0, 255));
            Assert.Equal(Math.Min(given.Length, 256), assigned.Length);
            var seen = new HashSet<int>();
            for (var i = 0; i < given.Length; i++)
            {
                if (given[i] is >= 0 and < 256 && seen.Add(given[i]!.Value))
                    Assert.Equal(given[i], filled[i]);
            }
        }
    }
}
