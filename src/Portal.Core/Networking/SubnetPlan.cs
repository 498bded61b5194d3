namespace Portal.Core.Networking;

public enum SubnetKind
{
    /// <summary>Routed to an internet gateway.</summary>
    Public,

    /// <summary>No route to an internet gateway.</summary>
    Private,
}

/// <summary>One row of a subnet plan. <see cref="Index"/> is the row's position, used in field pointers.</summary>
public sealed record PlannedSubnet(int Index, string Name, string AvailabilityZone, SubnetKind Kind, Cidr Cidr)
{
    public long UsableAddresses => VpcCidrRules.UsableAddresses(Cidr);

    public string CidrField => $"Subnets[{Index}].Cidr";
}

/// <summary>
/// Subnets carved out of a VPC block plus the space left over, as the fewest CIDR blocks.
/// </summary>
public sealed record SubnetPlan
{
    public SubnetPlan(Cidr vpcBlock, IReadOnlyList<PlannedSubnet> subnets)
    {
        VpcBlock = vpcBlock;
        Subnets = subnets;
        FreeSpace = FreeAddressSpace.Within(vpcBlock, subnets.Select(subnet => subnet.Cidr));
    }

    public Cidr VpcBlock { get; }

    public IReadOnlyList<PlannedSubnet> Subnets { get; }

    /// <summary>Blocks of the VPC not used by any subnet, as the fewest CIDR blocks in address order.</summary>
    public IReadOnlyList<Cidr> FreeSpace { get; }

    /// <summary>The same plan with one row's block replaced by hand; run <see cref="SubnetPlanValidator"/> on the result.</summary>
    public SubnetPlan WithCidr(int index, Cidr cidr)
    {
        if (index < 0 || index >= Subnets.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The plan has rows 0 to {Subnets.Count - 1}.");
        }

        var rows = Subnets.ToArray();
        rows[index] = rows[index] with { Cidr = cidr };
        return new SubnetPlan(VpcBlock, rows);
    }

    // Records compare lists by reference; a plan is equal when its rows are equal in order.
    public bool Equals(SubnetPlan? other) =>
        other is not null && VpcBlock == other.VpcBlock && Subnets.SequenceEqual(other.Subnets);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(VpcBlock);
        foreach (var subnet in Subnets)
        {
            hash.Add(subnet);
        }

        return hash.ToHashCode();
    }
}
