namespace Portal.Core.Networking;

/// <summary>Finds the parts of a block that no used block covers.</summary>
public static class FreeAddressSpace
{
    /// <summary>
    /// The fewest CIDR blocks covering every address of <paramref name="block"/> outside all
    /// <paramref name="used"/> blocks, in address order. Used blocks may overlap or stick out of the block.
    /// </summary>
    public static IReadOnlyList<Cidr> Within(Cidr block, IEnumerable<Cidr> used)
    {
        var free = new List<Cidr>();
        ulong cursor = block.NetworkValue;
        ulong end = (ulong)block.BroadcastValue + 1;
        foreach (var taken in used.Where(block.Overlaps).OrderBy(cidr => cidr))
        {
            ulong takenStart = Math.Max(taken.NetworkValue, block.NetworkValue);
            ulong takenEnd = Math.Min((ulong)taken.BroadcastValue + 1, end);
            if (takenStart > cursor)
            {
                free.AddRange(Cidr.CoveringRange((uint)cursor, (uint)(takenStart - 1)));
            }

            cursor = Math.Max(cursor, takenEnd);
        }

        if (cursor < end)
        {
            free.AddRange(Cidr.CoveringRange((uint)cursor, (uint)(end - 1)));
        }

        return free;
    }
}
