namespace Portal.Core.Vpcs;

/// <summary>
/// The portal's tags. CreateVpc, CreateSubnet and CreateInternetGateway take no ClientToken, so <c>portal:request-id</c>
/// and <c>portal:resource</c> are what make a create safe to run again: the workflow looks the resource up by them before
/// creating, and after a create whose answer was lost (see <see cref="VpcBuilder"/>).
/// </summary>
public static class VpcTags
{
    public const string RequestId = "portal:request-id";
    public const string Managed = "portal:managed";
    public const string Resource = "portal:resource";

    public const string VpcResource = "vpc";
    public const string InternetGatewayResource = "internet-gateway";
    public const string PublicRouteTableResource = "public-route-table";

    public static string SubnetResource(string subnetName) => "subnet:" + subnetName;

    /// <summary>Finds everything a request created.</summary>
    public static Ec2Filter ByRequest(string requestId) => Ec2Filter.Tag(RequestId, requestId);

    /// <summary>Finds the one resource of a request with that <c>portal:resource</c> tag.</summary>
    public static IReadOnlyList<Ec2Filter> ByResource(string requestId, string resource) => [ByRequest(requestId), Ec2Filter.Tag(Resource, resource)];

    public static IReadOnlyList<Ec2Tag> For(VpcRecord record, string resource, string name) =>
    [
        new("Name", name),
        new(RequestId, record.RequestId),
        new(Managed, "true"),
        new(Resource, resource),
        .. record.Tags.Select(tag => new Ec2Tag(tag.Key, tag.Value)),
    ];

    public static string? ResourceOf(IReadOnlyList<Ec2Tag> tags) => tags.FirstOrDefault(tag => tag.Key == Resource)?.Value;
}
