using System.Xml.Linq;

namespace Portal.Core.Aws;

/// <summary>Reads EC2 response XML (<c>vpcSet/item</c>, <c>tagSet/item</c>, ...) into the records of <see cref="IEc2Api"/>.</summary>
internal static class Ec2ResponseReader
{
    public static AvailabilityZone AvailabilityZone(XElement item) => new(
        item.RequiredValue("zoneName"),
        item.ChildValue("zoneId"),
        item.ChildValue("zoneState") ?? "unknown",
        item.ChildValue("regionName"));

    public static Vpc Vpc(XElement vpc) => new(
        vpc.RequiredValue("vpcId"),
        vpc.RequiredValue("cidrBlock"),
        vpc.ChildValue("state") ?? "unknown",
        Flag(vpc, "isDefault"),
        Tags(vpc));

    public static Subnet Subnet(XElement subnet) => new(
        subnet.RequiredValue("subnetId"),
        subnet.RequiredValue("vpcId"),
        subnet.RequiredValue("cidrBlock"),
        subnet.RequiredValue("availabilityZone"),
        subnet.ChildValue("state") ?? "unknown",
        Flag(subnet, "mapPublicIpOnLaunch"),
        Tags(subnet));

    public static InternetGateway InternetGateway(XElement gateway) => new(
        gateway.RequiredValue("internetGatewayId"),
        gateway.Items("attachmentSet")
            .Select(a => new InternetGatewayAttachment(a.RequiredValue("vpcId"), a.ChildValue("state") ?? "unknown"))
            .ToList(),
        Tags(gateway));

    public static RouteTable RouteTable(XElement table) => new(
        table.RequiredValue("routeTableId"),
        table.RequiredValue("vpcId"),
        table.Items("routeSet")
            .Select(r => new Route(r.ChildValue("destinationCidrBlock"), r.ChildValue("gatewayId"), r.ChildValue("state")))
            .ToList(),
        table.Items("associationSet")
            .Select(a => new RouteTableAssociation(a.RequiredValue("routeTableAssociationId"), a.ChildValue("subnetId"), Flag(a, "main")))
            .ToList(),
        Tags(table));

    private static List<Ec2Tag> Tags(XElement resource) =>
        resource.Items("tagSet").Select(t => new Ec2Tag(t.RequiredValue("key"), t.ChildValue("value") ?? string.Empty)).ToList();

    private static bool Flag(XElement element, string name) =>
        string.Equals(element.ChildValue(name), "true", StringComparison.OrdinalIgnoreCase);
}
