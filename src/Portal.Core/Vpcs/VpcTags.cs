namespace Portal.Core.Vpcs;

/// <summary>
/// The portal's tags. CreateVpc, CreateSubnet, CreateInternetGateway, CreateRouteTable and AllocateAddress take no ClientToken, so <c>portal:request-id</c>
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

    public const string EgressOnlyInternetGatewayResource = "egress-only-internet-gateway";
    public const string S3EndpointResource = "s3-endpoint";

    public static string SubnetResource(string subnetName) => "subnet:" + subnetName;

    public static string PrivateRouteTableResource(string zone) => "private-route-table:" + zone;

    public static string ElasticIpResource(string zone) => "elastic-ip:" + zone;

    public static string NatGatewayResource(string zone) => "nat-gateway:" + zone;

    /// <summary>EC2's ClientToken for a create that takes one (CreateNatGateway, CreateEgressOnlyInternetGateway,
    /// CreateVpcEndpoint): the same token for the same request and resource, so a repeat answers the first one.</summary>
    public static string ClientToken(string requestId, string resource) => $"{requestId}-{resource}";

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
