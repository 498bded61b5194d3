namespace Portal.Core.Networking;

/// <summary>
/// Which /64 of the VPC's /56 each subnet takes (its Ipv6Index, 0 to 255), stable per subnet key: a kept key keeps its
/// index, a new key takes the lowest free one. An index never moves, so adding or removing a subnet never changes
/// another subnet's IPv6 block (EC2 cannot change a subnet's IPv6 block in place, only disassociate and associate).
/// </summary>
public static class Ipv6SubnetIndexes
{
    /// <summary>
    /// One index per name, in the same order. <paramref name="kept"/> maps names (or keys, see
    /// <see cref="SubnetPlanner.KeyOf"/>) to the indexes they had; a kept index outside 0 to 255, or already taken by an
    /// earlier name, is not kept. Names beyond the 256 a /56 holds get null (the validator refuses more than 256 subnets).
    /// </summary>
    public static IReadOnlyList<int?> Assign(IReadOnlyList<string> names, IReadOnlyDictionary<string, int> kept)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(kept);
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, index) in kept)
            byKey.TryAdd(SubnetPlanner.KeyOf(name), index);
        return Fill(names.Select(name => byKey.TryGetValue(SubnetPlanner.KeyOf(name), out var index) ? index : (int?)null).ToArray());
    }

    /// <summary>
    /// Keeps every given index that is 0 to 255 and not taken by an earlier row, and gives the other rows the lowest free
    /// ones, in row order; rows beyond the 256 a /56 holds get null.
    /// </summary>
    public static IReadOnlyList<int?> Fill(IReadOnlyList<int?> given)
    {
        ArgumentNullException.ThrowIfNull(given);
        var result = new int?[given.Count];
        var taken = new bool[Ipv6Cidr.SubnetsPerVpc];
        for (var i = 0; i < given.Count; i++)
        {
            if (given[i] is { } index && index is >= 0 and < Ipv6Cidr.SubnetsPerVpc && !taken[index])
            {
                result[i] = index;
                taken[index] = true;
            }
        }

        var next = 0;
        for (var i = 0; i < given.Count; i++)
        {
            if (result[i] is not null)
                continue;
            while (next < taken.Length && taken[next])
                next++;
            if (next == taken.Length)
                break;
            result[i] = next;
            taken[next] = true;
        }

        return result;
    }
}
