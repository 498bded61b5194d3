using System.Security.Cryptography;
using Portal.Core.Networking;

namespace Portal.Core.Vpcs.Sandbox;

/// <summary>
/// Everything the sandbox holds for one region, and EC2's rules applied to it. Pure in-memory: the
/// <see cref="SandboxStateStore"/> loads it, a call changes it (or throws an EC2 error and changes nothing),
/// and the store writes it back only if nobody else wrote in between.
/// </summary>
internal sealed class SandboxState
{
    public List<SandboxVpc> Vpcs { get; set; } = [];

    public List<SandboxSubnet> Subnets { get; set; } = [];

    public List<SandboxGateway> InternetGateways { get; set; } = [];

    public List<SandboxRouteTable> RouteTables { get; set; } = [];

    /// <summary>AWS ids: the resource prefix and 17 lowercase hex digits.</summary>
    public static string NewId(string prefix) => $"{prefix}-{RandomNumberGenerator.GetHexString(17, lowercase: true)}";

    public static IReadOnlyList<string> ZonesOf(string region) => [.. "abcdef".Select(letter => region + letter)];

    public Vpc CreateVpc(string cidrText, IReadOnlyList<Ec2Tag> tags)
    {
        var cidr = ParseCidr("cidrBlock", cidrText);
        if (VpcCidrRules.CheckVpcBlock(cidr, "CidrBlock").HasErrors())
            throw Ec2Errors.InvalidCidr("InvalidVpc.Range", cidrText);
        if (Vpcs.Count >= SandboxOptions.VpcsPerRegion)
            throw Ec2Errors.Error("VpcLimitExceeded", "The maximum number of VPCs has been reached.");

        var vpc = new SandboxVpc { Id = NewId("vpc"), Cidr = cidr.ToString(), Tags = [.. tags] };
        Vpcs.Add(vpc);
        // AWS gives every VPC a main route table with the local route; it goes when the VPC goes.
        RouteTables.Add(new SandboxRouteTable
        {
            Id = NewId("rtb"),
            VpcId = vpc.Id,
            Routes = [new Route(vpc.Cidr, "local", "active")],
            Associations = [new RouteTableAssociation(NewId("rtbassoc"), null, Main: true)],
        });
        return vpc.ToVpc();
    }

    public void ModifyVpcAttribute(string vpcId, VpcAttribute attribute, bool value)
    {
        var vpc = FindVpc(vpcId);
        if (attribute == VpcAttribute.EnableDnsSupport)
            vpc.EnableDnsSupport = value;
        else
            vpc.EnableDnsHostnames = value;
    }

    public void DeleteVpc(string vpcId)
    {
        var vpc = FindVpc(vpcId);
        // AWS: subnets, attached gateways and route tables other than the main one must go first.
        if (Subnets.Any(s => s.VpcId == vpcId)
            || InternetGateways.Any(g => g.AttachedVpcId == vpcId)
            || RouteTables.Any(t => t.VpcId == vpcId && !t.IsMain))
            throw Ec2Errors.DependencyViolation("vpc", vpcId);

        RouteTables.RemoveAll(t => t.VpcId == vpcId);
        Vpcs.Remove(vpc);
    }

    public Subnet CreateSubnet(string vpcId, string cidrText, string zone, IReadOnlyList<Ec2Tag> tags, string region)
    {
        var vpc = FindVpc(vpcId);
        var cidr = ParseCidr("cidrBlock", cidrText);
        if (VpcCidrRules.CheckSubnetBlock(Networking.Cidr.Parse(vpc.Cidr), cidr, "CidrBlock").HasErrors())
            throw Ec2Errors.InvalidCidr("InvalidSubnet.Range", cidrText);
        if (Subnets.Any(s => s.VpcId == vpcId && Networking.Cidr.Parse(s.Cidr).Overlaps(cidr)))
            throw Ec2Errors.Error("InvalidSubnet.Conflict", $"The CIDR '{cidrText}' conflicts with another subnet");
        var zones = ZonesOf(region);
        if (!zones.Contains(zone))
        {
            throw Ec2Errors.InvalidParameter("availabilityZone", zone,
                $"Subnets can currently only be created in the following availability zones: {string.Join(", ", zones)}.");
        }

        var subnet = new SandboxSubnet { Id = NewId("subnet"), VpcId = vpcId, Cidr = cidr.ToString(), AvailabilityZone = zone, Tags = [.. tags] };
        Subnets.Add(subnet);
        return subnet.ToSubnet();
    }

    public void ModifySubnetMapPublicIpOnLaunch(string subnetId, bool value) => FindSubnet(subnetId).MapPublicIpOnLaunch = value;

    public void DeleteSubnet(string subnetId)
    {
        var subnet = FindSubnet(subnetId);
        // The subnet's explicit route table association goes with it.
        foreach (var table in RouteTables)
            table.Associations.RemoveAll(a => a.SubnetId == subnetId);
        Subnets.Remove(subnet);
    }

    public InternetGateway CreateInternetGateway(IReadOnlyList<Ec2Tag> tags)
    {
        var gateway = new SandboxGateway { Id = NewId("igw"), Tags = [.. tags] };
        InternetGateways.Add(gateway);
        return gateway.ToInternetGateway();
    }

    public void AttachInternetGateway(string gatewayId, string vpcId)
    {
        var gateway = FindGateway(gatewayId);
        FindVpc(vpcId);
        if (gateway.AttachedVpcId is not null)
            throw Ec2Errors.Error("Resource.AlreadyAssociated", $"resource {gatewayId} is already attached to network {gateway.AttachedVpcId}");
        if (InternetGateways.FirstOrDefault(g => g.AttachedVpcId == vpcId) is { } other)
            throw Ec2Errors.Error("Resource.AlreadyAssociated", $"resource {vpcId} is already attached to network {other.Id}");
        gateway.AttachedVpcId = vpcId;
    }

    public void DetachInternetGateway(string gatewayId, string vpcId)
    {
        var gateway = FindGateway(gatewayId);
        if (gateway.AttachedVpcId != vpcId)
            throw Ec2Errors.Error("Gateway.NotAttached", $"resource {gatewayId} is not attached to network {vpcId}");
        gateway.AttachedVpcId = null;
    }

    public void DeleteInternetGateway(string gatewayId)
    {
        var gateway = FindGateway(gatewayId);
        if (gateway.AttachedVpcId is not null)
            throw Ec2Errors.DependencyViolation("internetGateway", gatewayId);
        InternetGateways.Remove(gateway);
    }

    public RouteTable CreateRouteTable(string vpcId, IReadOnlyList<Ec2Tag> tags)
    {
        var vpc = FindVpc(vpcId);
        var table = new SandboxRouteTable { Id = NewId("rtb"), VpcId = vpcId, Routes = [new Route(vpc.Cidr, "local", "active")], Tags = [.. tags] };
        RouteTables.Add(table);
        return table.ToRouteTable();
    }

    public void CreateRoute(string routeTableId, string destination, string gatewayId)
    {
        var table = FindRouteTable(routeTableId);
        var cidr = ParseCidr("destinationCidrBlock", destination).ToString();
        var gateway = InternetGateways.FirstOrDefault(g => g.Id == gatewayId)
            ?? throw Ec2Errors.Error("InvalidGatewayID.NotFound", $"The gateway ID '{gatewayId}' does not exist");
        if (gateway.AttachedVpcId != table.VpcId)
            throw Ec2Errors.Error("InvalidParameterValue", $"route table {routeTableId} and network gateway {gatewayId} belong to different networks");
        if (table.Routes.Any(r => r.DestinationCidrBlock == cidr))
            throw Ec2Errors.Error("RouteAlreadyExists", $"The route identified by {cidr} already exists.");
        table.Routes.Add(new Route(cidr, gatewayId, "active"));
    }

    public void DeleteRoute(string routeTableId, string destination)
    {
        var table = FindRouteTable(routeTableId);
        if (table.Routes.RemoveAll(r => r.DestinationCidrBlock == destination && r.GatewayId != "local") == 0)
            throw Ec2Errors.Error("InvalidRoute.NotFound", $"no route with destination-cidr-block {destination} in route table {routeTableId}");
    }

    public string AssociateRouteTable(string routeTableId, string subnetId)
    {
        var table = FindRouteTable(routeTableId);
        var subnet = FindSubnet(subnetId);
        if (subnet.VpcId != table.VpcId)
            throw Ec2Errors.Error("InvalidParameterValue", $"Route table {routeTableId} and subnet {subnetId} belong to different networks");
        if (RouteTables.Any(t => t.Associations.Any(a => a.SubnetId == subnetId)))
            throw Ec2Errors.Error("Resource.AlreadyAssociated", $"the specified association for route table {routeTableId} conflicts with an existing association");
        var association = new RouteTableAssociation(NewId("rtbassoc"), subnetId, Main: false);
        table.Associations.Add(association);
        return association.RouteTableAssociationId;
    }

    public void DisassociateRouteTable(string associationId)
    {
        var table = RouteTables.FirstOrDefault(t => t.Associations.Any(a => a.RouteTableAssociationId == associationId))
            ?? throw Ec2Errors.NotFound("association", associationId);
        if (table.Associations.Single(a => a.RouteTableAssociationId == associationId).Main)
            throw Ec2Errors.Error("InvalidParameterValue", $"cannot disassociate the main route table association {associationId}");
        table.Associations.RemoveAll(a => a.RouteTableAssociationId == associationId);
    }

    public void DeleteRouteTable(string routeTableId)
    {
        var table = FindRouteTable(routeTableId);
        if (table.Associations.Count > 0)
            throw Ec2Errors.DependencyViolation("routeTable", routeTableId);
        RouteTables.Remove(table);
    }

    private SandboxVpc FindVpc(string id) => Vpcs.FirstOrDefault(v => v.Id == id) ?? throw Ec2Errors.NotFound("vpc", id);

    private SandboxSubnet FindSubnet(string id) => Subnets.FirstOrDefault(s => s.Id == id) ?? throw Ec2Errors.NotFound("subnet", id);

    private SandboxGateway FindGateway(string id) =>
        InternetGateways.FirstOrDefault(g => g.Id == id) ?? throw Ec2Errors.NotFound("internetGateway", id);

    private SandboxRouteTable FindRouteTable(string id) => RouteTables.FirstOrDefault(t => t.Id == id) ?? throw Ec2Errors.NotFound("routeTable", id);

    private static Cidr ParseCidr(string parameter, string text) =>
        Networking.Cidr.TryParse(text, out var cidr, out _) ? cidr : throw Ec2Errors.InvalidParameter(parameter, text, "This is not a valid CIDR block.");
}

internal sealed class SandboxVpc
{
    public string Id { get; set; } = "";
    public string Cidr { get; set; } = "";
    public bool EnableDnsSupport { get; set; } = true;
    public bool EnableDnsHostnames { get; set; }
    public List<Ec2Tag> Tags { get; set; } = [];

    public Vpc ToVpc() => new(Id, Cidr, "available", IsDefault: false, Tags);
}

internal sealed class SandboxSubnet
{
    public string Id { get; set; } = "";
    public string VpcId { get; set; } = "";
    public string Cidr { get; set; } = "";
    public string AvailabilityZone { get; set; } = "";
    public bool MapPublicIpOnLaunch { get; set; }
    public List<Ec2Tag> Tags { get; set; } = [];

    public Subnet ToSubnet() => new(Id, VpcId, Cidr, AvailabilityZone, "available", MapPublicIpOnLaunch, Tags);
}

internal sealed class SandboxGateway
{
    public string Id { get; set; } = "";
    public string? AttachedVpcId { get; set; }
    public List<Ec2Tag> Tags { get; set; } = [];

    public InternetGateway ToInternetGateway() =>
        new(Id, AttachedVpcId is null ? [] : [new InternetGatewayAttachment(AttachedVpcId, "available")], Tags);
}

internal sealed class SandboxRouteTable
{
    public string Id { get; set; } = "";
    public string VpcId { get; set; } = "";
    public List<Route> Routes { get; set; } = [];
    public List<RouteTableAssociation> Associations { get; set; } = [];
    public List<Ec2Tag> Tags { get; set; } = [];

    public bool IsMain => Associations.Any(a => a.Main);

    public RouteTable ToRouteTable() => new(Id, VpcId, [.. Routes], [.. Associations], Tags);
}
