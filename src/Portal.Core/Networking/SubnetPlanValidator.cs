namespace Portal.Core.Networking;

/// <summary>
/// Re-checks a whole plan after rows were changed by hand: AWS size limits, inside the VPC block,
/// no two subnets overlapping. Every issue points at its row (<c>Subnets[i].Cidr</c>).
/// </summary>
public static class SubnetPlanValidator
{
    public static IReadOnlyList<ValidationIssue> Validate(SubnetPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var issues = new List<ValidationIssue>();
        var rows = plan.Subnets;
        foreach (var row in rows)
        {
            var blockIssues = VpcCidrRules.CheckSubnetBlock(plan.VpcBlock, row.Cidr, row.CidrField);
            issues.AddRange(blockIssues);
            if (blockIssues.Count > 0)
            {
                continue;
            }

            // Both rows of an overlapping pair get an issue, so the user sees it next to the row they changed.
            var clashes = rows.Where(other => other.Index != row.Index && other.Cidr.Overlaps(row.Cidr)).ToList();
            if (clashes.Count == 0)
            {
                continue;
            }

            var named = string.Join(", ", clashes.Select(other => $"Subnets[{other.Index}] ({other.Name}, {other.Cidr})"));
            issues.Add(ValidationIssue.Error(row.CidrField,
                $"{row.Name}: {row.Cidr} overlaps {named}; {SuggestFreeBlock(plan, row)}"));
        }

        return issues;
    }

    private static string SuggestFreeBlock(SubnetPlan plan, PlannedSubnet row)
    {
        var others = plan.Subnets.Where(other => other.Index != row.Index).Select(other => other.Cidr);
        foreach (var free in FreeAddressSpace.Within(plan.VpcBlock, others))
        {
            // A free block at least as large as the row is aligned for the row's size too.
            if (free.Prefix <= row.Cidr.Prefix)
            {
                return $"choose a free block such as {Cidr.Create(free.NetworkValue, row.Cidr.Prefix)}.";
            }
        }

        return $"no free /{row.Cidr.Prefix} is left in {plan.VpcBlock}; choose a smaller block or change the other subnet.";
    }
}
