using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
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

    public List<SandboxAddress> Addresses { get; set; } = [];

    public List<SandboxNatGateway> NatGateways { get; set; } = [];

    public List<SandboxEgressOnlyGateway> EgressOnlyGateways { get; set; } = [];

    public List<SandboxVpcEndpoint> VpcEndpoints { get; set; } = [];

    /// <summary>The caller's clock at this call: NAT gateway states are worked out from it (see <see cref="NatStateOf"/>).</summary>
    [JsonIgnore]
    public DateTimeOffset Now { get; set; }

    [JsonIgnore]
    public TimeSpan NatAvailableAfter { get; set; }

    [JsonIgnore]
    public TimeSpan NatDeletedAfter { get; set; }

    /// <summary><see cref="SandboxOptions.NatFailureCode"/> for this call.</summary>
    [JsonIgnore]
    public string? NatFailureCode { get; set; }

    /// <summary>AWS ids: the resource prefix and 17 lowercase hex digits.</summary>
    public static string NewId(string prefix) => $"{prefix}-{RandomNumberGenerator.GetHexString(17, lowercase: true)}";

    public static IReadOnlyList<string> ZonesOf(string region) => [.. "abcdef".Select(letter => region + letter)];

    public Vpc CreateVpc(string cidrText, IReadOnlyList<Ec2Tag> tags, bool amazonProvidedIpv6 = false, string tenancy = "default")
    {
        if (tenancy is not ("default" or "dedicated"))
            throw Ec2Errors.InvalidParameter("instanceTenancy", tenancy, "Use default or dedicated.");
        var cidr = ParseCidr("cidrBlock", cidrText);
        if (VpcCidrRules.CheckVpcBlock(cidr, "CidrBlock").HasErrors())
            throw Ec2Errors.InvalidCidr("InvalidVpc.Range", cidrText);
        if (Vpcs.Count >= SandboxOptions.VpcsPerRegion)
            throw Ec2Errors.Error("VpcLimitExceeded", "The maximum number of VPCs has been reached.");

        var vpc = new SandboxVpc { Id = NewId("vpc"), Cidr = cidr.ToString(), Tags = [.. tags], Tenancy = tenancy, Ipv6Cidr = amazonProvidedIpv6 ? NewIpv6Block() : null };
        Vpcs.Add(vpc);
        // AWS gives every VPC a main route table with the local route; it goes when the VPC goes.
        RouteTables.Add(new SandboxRouteTable
        {
            Id = NewId("rtb"),
            VpcId = vpc.Id,
            Routes = LocalRoutes(vpc),
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
            || RouteTables.Any(t => t.VpcId == vpcId && !t.IsMain)
            || NatGateways.Any(n => n.VpcId == vpcId && NatStateOf(n) is not (NatGatewayStates.Deleted or NatGatewayStates.Failed))
            || EgressOnlyGateways.Any(g => g.VpcId == vpcId)
            || VpcEndpoints.Any(e => e.VpcId == vpcId))
            throw Ec2Errors.DependencyViolation("vpc", vpcId);

        RouteTables.RemoveAll(t => t.VpcId == vpcId);
        Vpcs.Remove(vpc);
    }

    public Subnet CreateSubnet(string vpcId, string cidrText, string zone, IReadOnlyList<Ec2Tag> tags, string region, string? ipv6Text = null)
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

        string? ipv6 = null;
        if (ipv6Text is not null)
        {
            // EC2: a subnet's IPv6 block is a /64 inside the VPC's /56, and no two subnets share one.
            var block = ParseIpv6("ipv6CidrBlock", ipv6Text);
            if (vpc.Ipv6Cidr is null || block.PrefixLength != 64 || !IPNetwork.Parse(vpc.Ipv6Cidr).Contains(block.BaseAddress))
                throw Ec2Errors.InvalidCidr("InvalidSubnet.Range", ipv6Text);
            ipv6 = block.ToString();
            if (Subnets.Any(s => s.VpcId == vpcId && s.Ipv6Cidr == ipv6))
                throw Ec2Errors.Error("InvalidSubnet.Conflict", $"The CIDR '{ipv6Text}' conflicts with another subnet");
        }

        var subnet = new SandboxSubnet { Id = NewId("subnet"), VpcId = vpcId, Cidr = cidr.ToString(), AvailabilityZone = zone, Tags = [.. tags], Ipv6Cidr = ipv6 };
        Subnets.Add(subnet);
        return subnet.ToSubnet();
    }

    public void ModifySubnetMapPublicIpOnLaunch(string subnetId, bool value) => FindSubnet(subnetId).MapPublicIpOnLaunch = value;

    public void DeleteSubnet(string subnetId)
    {
        var subnet = FindSubnet(subnetId);
        // A NAT gateway's network interface lives in the subnet until the NAT gateway is deleted.
        if (NatGateways.Any(n => n.SubnetId == subnetId && NatStateOf(n) is not (NatGatewayStates.Deleted or NatGatewayStates.Failed)))
            throw Ec2Errors.DependencyViolation("subnet", subnetId);
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
        // EC2 refuses while a NAT gateway's Elastic IP is mapped in the VPC.
        if (NatGateways.Any(n => n.VpcId == vpcId && HoldsAddress(n)))
        {
            throw Ec2Errors.Error("DependencyViolation",
                $"Network {vpcId} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.");
        }

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
        var table = new SandboxRouteTable { Id = NewId("rtb"), VpcId = vpcId, Routes = LocalRoutes(vpc), Tags = [.. tags] };
        RouteTables.Add(table);
        return table.ToRouteTable();
    }

    public void CreateRoute(string routeTableId, string destination, RouteTarget target)
    {
        var table = FindRouteTable(routeTableId);
        var ipv6 = RouteTarget.IsIpv6(destination);
        var cidr = ipv6 ? ParseIpv6("destinationIpv6CidrBlock", destination).ToString() : ParseCidr("destinationCidrBlock", destination).ToString();
        if (new[] { target.GatewayId, target.NatGatewayId, target.EgressOnlyInternetGatewayId }.Count(t => t is not null) != 1)
            throw Ec2Errors.Error("InvalidParameterCombination", "The request must contain exactly one of gatewayId, natGatewayId or egressOnlyInternetGatewayId");

        string? targetVpc;
        if (target.GatewayId is { } gatewayId)
        {
            var gateway = InternetGateways.FirstOrDefault(g => g.Id == gatewayId)
                ?? throw Ec2Errors.Error("InvalidGatewayID.NotFound", $"The gateway ID '{gatewayId}' does not exist");
            targetVpc = gateway.AttachedVpcId;
        }
        else if (target.NatGatewayId is { } natId)
        {
            // EC2 answers a route to a NAT gateway that is not available (yet, or any more) as if it did not exist.
            var nat = NatGateways.FirstOrDefault(n => n.Id == natId && NatStateOf(n) == NatGatewayStates.Available)
                ?? throw Ec2Errors.Error("InvalidNatGatewayID.NotFound", $"The natGateway ID '{natId}' does not exist");
            if (ipv6)
                throw Ec2Errors.InvalidParameter("natGatewayId", natId, "A NAT gateway takes IPv4 routes only.");
            targetVpc = nat.VpcId;
        }
        else
        {
            var egressId = target.EgressOnlyInternetGatewayId!;
            var egress = EgressOnlyGateways.FirstOrDefault(g => g.Id == egressId)
                ?? throw Ec2Errors.Error("InvalidGatewayID.NotFound", $"The gateway ID '{egressId}' does not exist");
            if (!ipv6)
                throw Ec2Errors.InvalidParameter("egressOnlyInternetGatewayId", egressId, "An egress-only internet gateway takes IPv6 routes only.");
            targetVpc = egress.VpcId;
        }

        if (targetVpc != table.VpcId)
            throw Ec2Errors.Error("InvalidParameterValue", $"route table {routeTableId} and network gateway {target} belong to different networks");
        if (table.Routes.Any(r => r.Destination == cidr))
            throw Ec2Errors.Error("RouteAlreadyExists", $"The route identified by {cidr} already exists.");
        table.Routes.Add(ipv6
            ? new Route(null, target.GatewayId, "active", cidr, null, target.EgressOnlyInternetGatewayId)
            : new Route(cidr, target.GatewayId, "active", null, target.NatGatewayId));
    }

    public void DeleteRoute(string routeTableId, string destination)
    {
        var table = FindRouteTable(routeTableId);
        if (table.Routes.RemoveAll(r => r.Destination == destination && r.GatewayId != "local") == 0)
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
        if (table.Associations.Count > 0 || VpcEndpoints.Any(e => e.RouteTableIds.Contains(routeTableId)))
            throw Ec2Errors.DependencyViolation("routeTable", routeTableId);
        RouteTables.Remove(table);
    }

    public ElasticIp AllocateAddress(IReadOnlyList<Ec2Tag> tags)
    {
        if (Addresses.Count >= SandboxOptions.AddressesPerRegion)
            throw Ec2Errors.Error("AddressLimitExceeded", "The maximum number of addresses has been reached.");
        string ip;
        do
            ip = $"198.51.100.{RandomNumberGenerator.GetInt32(1, 255)}"; // TEST-NET-2: never a real public address
        while (Addresses.Any(a => a.PublicIp == ip));
        var address = new SandboxAddress { AllocationId = NewId("eipalloc"), PublicIp = ip, Tags = [.. tags] };
        Addresses.Add(address);
        return ToElasticIp(address);
    }

    public ElasticIp ToElasticIp(SandboxAddress address) =>
        new(address.AllocationId, address.PublicIp, NatGateways.Any(n => n.AllocationId == address.AllocationId && HoldsAddress(n))
            ? "eipassoc-" + address.AllocationId[9..] : null, address.Tags);

    public void ReleaseAddress(string allocationId)
    {
        var address = Addresses.FirstOrDefault(a => a.AllocationId == allocationId)
            ?? throw Ec2Errors.Error("InvalidAllocationID.NotFound", $"The allocation ID '{allocationId}' does not exist");
        if (NatGateways.Any(n => n.AllocationId == allocationId && HoldsAddress(n)))
            throw Ec2Errors.Error("InvalidIPAddress.InUse", $"Address {address.PublicIp} is in use.");
        Addresses.Remove(address);
    }

    public NatGateway CreateNatGateway(string subnetId, string allocationId, string clientToken, IReadOnlyList<Ec2Tag> tags)
    {
        // EC2's ClientToken: the same token answers the NAT gateway it made; with other parameters it is refused.
        if (NatGateways.FirstOrDefault(n => n.ClientToken == clientToken) is { } earlier)
        {
            if (earlier.SubnetId != subnetId || earlier.AllocationId != allocationId)
                throw Ec2Errors.Error("IdempotentParameterMismatch", "The client token you have provided is associated with a resource that is already deleted or has different parameters.");
            return ToNatGateway(earlier);
        }

        var subnet = FindSubnet(subnetId);
        var address = Addresses.FirstOrDefault(a => a.AllocationId == allocationId)
            ?? throw Ec2Errors.Error("InvalidAllocationID.NotFound", $"The allocation ID '{allocationId}' does not exist");
        var nat = new SandboxNatGateway
        {
            Id = NewId("nat"),
            VpcId = subnet.VpcId,
            SubnetId = subnetId,
            AllocationId = allocationId,
            ClientToken = clientToken,
            CreatedAt = Now,
            Tags = [.. tags],
        };
        // These EC2 finds after answering: the NAT gateway is made, then ends "failed" with the reason.
        if (!InternetGateways.Any(g => g.AttachedVpcId == subnet.VpcId))
            (nat.FailureCode, nat.FailureMessage) = ("Gateway.NotAttached", $"Network {subnet.VpcId} has no Internet gateway attached");
        else if (NatGateways.Any(n => n.AllocationId == allocationId && HoldsAddress(n)))
            (nat.FailureCode, nat.FailureMessage) = ("Resource.AlreadyAssociated", $"Elastic IP address {address.AllocationId} is already associated");
        else if (NatFailureCode is { } injected)
            (nat.FailureCode, nat.FailureMessage) = (injected, $"Injected NAT gateway failure ({SandboxOptions.Section}:NatFailureCode).");
        NatGateways.Add(nat);
        return ToNatGateway(nat);
    }

    public void DeleteNatGateway(string natGatewayId)
    {
        var nat = NatGateways.FirstOrDefault(n => n.Id == natGatewayId && NatStateOf(n) != NatGatewayStates.Deleted)
            ?? throw Ec2Errors.Error("NatGatewayNotFound", $"The Nat Gateway {natGatewayId} was not found");
        nat.DeleteRequestedAt ??= Now;
    }

    /// <summary>pending until <see cref="NatAvailableAfter"/> has passed since it was made (failed at once if it cannot
    /// work), then available; deleting from DeleteNatGateway until <see cref="NatDeletedAfter"/> has passed, then deleted.</summary>
    public string NatStateOf(SandboxNatGateway nat)
    {
        if (nat.DeleteRequestedAt is { } deleteAt)
            return Now >= deleteAt + NatDeletedAfter ? NatGatewayStates.Deleted : NatGatewayStates.Deleting;
        if (nat.FailureCode is not null)
            return NatGatewayStates.Failed;
        return Now >= nat.CreatedAt + NatAvailableAfter ? NatGatewayStates.Available : NatGatewayStates.Pending;
    }

    /// <summary>A NAT gateway holds its Elastic IP (and its subnet) from creation until it is deleted; a failed one lets go.</summary>
    private bool HoldsAddress(SandboxNatGateway nat) => NatStateOf(nat) is NatGatewayStates.Pending or NatGatewayStates.Available or NatGatewayStates.Deleting;

    public NatGateway ToNatGateway(SandboxNatGateway nat)
    {
        var state = NatStateOf(nat);
        var publicIp = Addresses.FirstOrDefault(a => a.AllocationId == nat.AllocationId)?.PublicIp;
        return new(nat.Id, nat.VpcId, nat.SubnetId, state, nat.AllocationId, publicIp,
            state == NatGatewayStates.Failed ? nat.FailureCode : null, state == NatGatewayStates.Failed ? nat.FailureMessage : null, nat.Tags);
    }

    /// <summary>Deleted NAT gateways stay visible for an hour, as in EC2, then go.</summary>
    public void ForgetOldNatGateways() =>
        NatGateways.RemoveAll(n => n.DeleteRequestedAt is { } at && Now >= at + NatDeletedAfter + TimeSpan.FromHours(1));

    public EgressOnlyInternetGateway CreateEgressOnlyGateway(string vpcId, string clientToken, IReadOnlyList<Ec2Tag> tags)
    {
        if (EgressOnlyGateways.FirstOrDefault(g => g.ClientToken == clientToken) is { } earlier)
        {
            if (earlier.VpcId != vpcId)
                throw Ec2Errors.Error("IdempotentParameterMismatch", "The client token you have provided is associated with a resource that has different parameters.");
            return earlier.ToGateway();
        }

        FindVpc(vpcId);
        // One egress-only internet gateway per VPC (the portal's rule, as the issue states it), refused as EC2 refuses a second attachment.
        if (EgressOnlyGateways.FirstOrDefault(g => g.VpcId == vpcId) is { } other)
            throw Ec2Errors.Error("Resource.AlreadyAssociated", $"resource {vpcId} is already attached to network {other.Id}");
        var gateway = new SandboxEgressOnlyGateway { Id = NewId("eigw"), VpcId = vpcId, ClientToken = clientToken, Tags = [.. tags] };
        EgressOnlyGateways.Add(gateway);
        return gateway.ToGateway();
    }

    public void DeleteEgressOnlyGateway(string gatewayId)
    {
        var gateway = EgressOnlyGateways.FirstOrDefault(g => g.Id == gatewayId)
            ?? throw Ec2Errors.Error("InvalidGatewayID.NotFound", $"The gateway ID '{gatewayId}' does not exist");
        EgressOnlyGateways.Remove(gateway);
    }

    public VpcEndpoint CreateGatewayEndpoint(string vpcId, string serviceName, IReadOnlyList<string> routeTableIds, string clientToken, IReadOnlyList<Ec2Tag> tags, string region)
    {
        if (VpcEndpoints.FirstOrDefault(e => e.ClientToken == clientToken) is { } earlier)
        {
            if (earlier.VpcId != vpcId || earlier.ServiceName != serviceName || !earlier.RouteTableIds.Order().SequenceEqual(routeTableIds.Order()))
                throw Ec2Errors.Error("IdempotentParameterMismatch", "The client token you have provided is associated with a resource that has different parameters.");
            return earlier.ToEndpoint();
        }

        FindVpc(vpcId);
        string[] services = [$"com.amazonaws.{region}.s3", $"com.amazonaws.{region}.dynamodb"];
        if (!services.Contains(serviceName))
            throw Ec2Errors.Error("InvalidServiceName", $"The Vpc Endpoint Service '{serviceName}' does not exist");
        foreach (var tableId in routeTableIds)
        {
            if (FindRouteTable(tableId).VpcId != vpcId)
                throw Ec2Errors.Error("InvalidParameter", $"Route table {tableId} does not belong to {vpcId}");
        }

        // A route table takes one route per prefix list: one gateway endpoint per service on it.
        if (VpcEndpoints.FirstOrDefault(e => e.ServiceName == serviceName && e.RouteTableIds.Intersect(routeTableIds).Any()) is { } clash)
            throw Ec2Errors.Error("RouteAlreadyExists", $"route table already has a route to the prefix list of {serviceName} (endpoint {clash.Id})");

        var endpoint = new SandboxVpcEndpoint
        {
            Id = NewId("vpce"), VpcId = vpcId, ServiceName = serviceName, RouteTableIds = [.. routeTableIds], ClientToken = clientToken, Tags = [.. tags],
        };
        VpcEndpoints.Add(endpoint);
        return endpoint.ToEndpoint();
    }

    public void DeleteVpcEndpoints(IReadOnlyList<string> ids)
    {
        var missing = ids.FirstOrDefault(id => VpcEndpoints.All(e => e.Id != id));
        if (missing is not null)
            throw Ec2Errors.Error("InvalidVpcEndpointId.NotFound", $"The Vpc Endpoint Id '{missing}' does not exist");
        VpcEndpoints.RemoveAll(e => ids.Contains(e.Id));
    }

    /// <summary>An Amazon-provided /56 (2600:1f18::/40 is one of AWS's pools), unique in this region.</summary>
    private string NewIpv6Block()
    {
        string block;
        do
        {
            var bytes = new byte[16];
            bytes[0] = 0x26;
            bytes[1] = 0x00;
            bytes[2] = 0x1f;
            bytes[3] = 0x18;
            RandomNumberGenerator.Fill(bytes.AsSpan(4, 3));
            block = new IPNetwork(new IPAddress(bytes), 56).ToString();
        }
        while (Vpcs.Any(v => v.Ipv6Cidr == block));
        return block;
    }

    private static IPNetwork ParseIpv6(string parameter, string text) =>
        IPNetwork.TryParse(text, out var network) && network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6
            ? network
            : throw Ec2Errors.InvalidParameter(parameter, text, "This is not a valid IPv6 CIDR block.");

    /// <summary>Every route table starts with the VPC's own ranges, IPv6 too when it has a block.</summary>
    private static List<Route> LocalRoutes(SandboxVpc vpc) => vpc.Ipv6Cidr is null
        ? [new Route(vpc.Cidr, "local", "active")]
        : [new Route(vpc.Cidr, "local", "active"), new Route(null, "local", "active", vpc.Ipv6Cidr)];

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
    public string? Ipv6Cidr { get; set; }
    public string Tenancy { get; set; } = "default";

    public Vpc ToVpc() => new(Id, Cidr, "available", IsDefault: false, Tags, Ipv6Cidr, Tenancy);
}

internal sealed class SandboxSubnet
{
    public string Id { get; set; } = "";
    public string VpcId { get; set; } = "";
    public string Cidr { get; set; } = "";
    public string AvailabilityZone { get; set; } = "";
    public bool MapPublicIpOnLaunch { get; set; }
    public List<Ec2Tag> Tags { get; set; } = [];
    public string? Ipv6Cidr { get; set; }

    public Subnet ToSubnet() => new(Id, VpcId, Cidr, AvailabilityZone, "available", MapPublicIpOnLaunch, Tags, Ipv6Cidr);
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

internal sealed class SandboxAddress
{
    public string AllocationId { get; set; } = "";
    public string PublicIp { get; set; } = "";
    public List<Ec2Tag> Tags { get; set; } = [];
}

/// <summary>A NAT gateway; its state is not stored but worked out from the times (<see cref="SandboxState.NatStateOf"/>).</summary>
internal sealed class SandboxNatGateway
{
    public string Id { get; set; } = "";
    public string VpcId { get; set; } = "";
    public string SubnetId { get; set; } = "";
    public string AllocationId { get; set; } = "";
    public string ClientToken { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeleteRequestedAt { get; set; }
    public string? FailureCode { get; set; }
    public string? FailureMessage { get; set; }
    public List<Ec2Tag> Tags { get; set; } = [];
}

internal sealed class SandboxEgressOnlyGateway
{
    public string Id { get; set; } = "";
    public string VpcId { get; set; } = "";
    public string ClientToken { get; set; } = "";
    public List<Ec2Tag> Tags { get; set; } = [];

    public EgressOnlyInternetGateway ToGateway() => new(Id, [new InternetGatewayAttachment(VpcId, "attached")], Tags);
}

internal sealed class SandboxVpcEndpoint
{
    public string Id { get; set; } = "";
    public string VpcId { get; set; } = "";
    public string ServiceName { get; set; } = "";
    public List<string> RouteTableIds { get; set; } = [];
    public string ClientToken { get; set; } = "";
    public List<Ec2Tag> Tags { get; set; } = [];

    public VpcEndpoint ToEndpoint() => new(Id, VpcId, ServiceName, "Gateway", "available", [.. RouteTableIds], Tags);
}
