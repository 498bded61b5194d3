using Portal.Core.Networking;
using Portal.Core.Vpcs;

namespace Portal.Core.Records;

/// <summary>Where one of a record's AWS resources stands, as far as the record knows.</summary>
public enum ResourceState
{
    /// <summary>Created and not removed.</summary>
    Exists,

    /// <summary>Asked for; the create is still running and has not made it yet.</summary>
    Planned,

    /// <summary>Created, then deleted by a rollback or a teardown.</summary>
    Removed,

    /// <summary>A rollback or teardown tried to delete it and could not: it is still there.</summary>
    Left,
}

/// <summary>One resource on the map: its kind ("VPC", "Internet gateway", "Route table", "Subnet"), id once made.</summary>
public sealed record MappedResource(string Kind, string Name, string? Id, ResourceState State);

/// <summary>A subnet on the map, with where it sits.</summary>
public sealed record MappedSubnet(string Name, string Cidr, string AvailabilityZone, SubnetKind Kind, long UsableAddresses, string? Id, ResourceState State);

/// <summary>
/// What a record's resource map and subnet list may show: every resource the record made, with its state, and the
/// subnets a finished request never made left out (counted in <see cref="NeverMade"/>), so a failed VPC does not claim
/// subnets it does not have. Resources of a request still running that are not made yet show as planned.
/// </summary>
public sealed record ResourceMap(MappedResource? Vpc, MappedResource? InternetGateway, MappedResource? RouteTable,
    IReadOnlyList<MappedSubnet> Subnets, int NeverMade)
{
    /// <summary>The zones of the shown subnets, each once, in order.</summary>
    public IReadOnlyList<string> Zones => Subnets.Select(s => s.AvailabilityZone).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>True when the VPC is there to be looked at (in AWS, or in the sandbox).</summary>
    public bool VpcExists => Vpc?.State is ResourceState.Exists or ResourceState.Left;

    public static ResourceMap Of(VpcRecord record)
    {
        var running = !record.IsFinished || record.Status == VpcStatus.Deleting;
        MappedResource? Resource(string kind, string name, string? id, bool asked) =>
            id is not null ? new MappedResource(kind, name, id, StateOf(record, id))
            : asked && running ? new MappedResource(kind, name, null, ResourceState.Planned)
            : null;

        var subnets = record.Subnets
            .Where(s => s.SubnetId is not null || running)
            .Select(s => new MappedSubnet(s.Name, s.Cidr, s.AvailabilityZone, s.Kind, s.UsableAddresses, s.SubnetId,
                s.SubnetId is null ? ResourceState.Planned : StateOf(record, s.SubnetId)))
            .ToList();
        var hasPublic = record.Subnets.Any(s => s.Kind == SubnetKind.Public);
        return new ResourceMap(
            Resource("VPC", record.Name, record.VpcId, asked: true),
            Resource("Internet gateway", "Internet gateway", record.InternetGatewayId, record.CreateInternetGateway),
            Resource("Route table", "Public route table", record.RouteTableId, record.CreateInternetGateway && hasPublic),
            subnets,
            record.Subnets.Count - subnets.Count);
    }

    /// <summary>A made resource: removed once a teardown finished or a rollback completed, left when the cleanup's
    /// outcome names it, else there.</summary>
    private static ResourceState StateOf(VpcRecord record, string id)
    {
        if (record.Status == VpcStatus.Deleted)
            return ResourceState.Removed;
        if (record.Status is not (VpcStatus.DeleteFailed or VpcStatus.Failed) || record.RollbackOutcome is not { } outcome)
            return ResourceState.Exists;
        return outcome.Contains(id, StringComparison.Ordinal)
            ? ResourceState.Left
            : ResourceState.Removed;
    }
}
