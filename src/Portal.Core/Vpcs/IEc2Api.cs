namespace Portal.Core.Vpcs;

/// <summary>
/// The EC2 operations the VPC builder uses, shaped like the EC2 API. Implemented by <see cref="AwsEc2"/> (AWSSDK.EC2)
/// in Aws mode and by the local <see cref="Sandbox.Ec2Sandbox"/>, which must enforce the same rules and raise
/// <see cref="Amazon.EC2.AmazonEC2Exception"/> with the same error codes.
/// </summary>
public interface IEc2Api
{
    Task<IReadOnlyList<AvailabilityZone>> DescribeAvailabilityZonesAsync(CancellationToken cancellationToken = default);

    /// <summary>CreateVpc; <paramref name="amazonProvidedIpv6CidrBlock"/> asks for an Amazon-provided /56,
    /// <paramref name="instanceTenancy"/> is <c>default</c> or <c>dedicated</c>.</summary>
    Task<Vpc> CreateVpcAsync(
        string cidrBlock, IReadOnlyList<Ec2Tag> tags, bool amazonProvidedIpv6CidrBlock = false, string instanceTenancy = "default",
        CancellationToken cancellationToken = default);

    /// <summary>AWS accepts one attribute per ModifyVpcAttribute call.</summary>
    Task ModifyVpcAttributeAsync(string vpcId, VpcAttribute attribute, bool value, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default);

    Task DeleteVpcAsync(string vpcId, CancellationToken cancellationToken = default);

    /// <summary>CreateSubnet; <paramref name="ipv6CidrBlock"/> is a /64 of the VPC's /56, or null for IPv4 only.</summary>
    Task<Subnet> CreateSubnetAsync(
        string vpcId, string cidrBlock, string availabilityZone, IReadOnlyList<Ec2Tag> tags, string? ipv6CidrBlock = null,
        CancellationToken cancellationToken = default);

    /// <summary>ModifySubnetAttribute with MapPublicIpOnLaunch.Value.</summary>
    Task ModifySubnetMapPublicIpOnLaunchAsync(string subnetId, bool value, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default);

    Task DeleteSubnetAsync(string subnetId, CancellationToken cancellationToken = default);

    Task<InternetGateway> CreateInternetGatewayAsync(IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default);

    Task AttachInternetGatewayAsync(string internetGatewayId, string vpcId, CancellationToken cancellationToken = default);

    Task DetachInternetGatewayAsync(string internetGatewayId, string vpcId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<InternetGateway>> DescribeInternetGatewaysAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default);

    Task DeleteInternetGatewayAsync(string internetGatewayId, CancellationToken cancellationToken = default);

    Task<RouteTable> CreateRouteTableAsync(string vpcId, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default);

    /// <summary>CreateRoute to an IPv4 or IPv6 (contains ':') destination.</summary>
    Task CreateRouteAsync(string routeTableId, string destination, RouteTarget target, CancellationToken cancellationToken = default);

    Task DeleteRouteAsync(string routeTableId, string destination, CancellationToken cancellationToken = default);

    /// <summary>Returns the association id that DisassociateRouteTable needs.</summary>
    Task<string> AssociateRouteTableAsync(string routeTableId, string subnetId, CancellationToken cancellationToken = default);

    Task DisassociateRouteTableAsync(string associationId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RouteTable>> DescribeRouteTablesAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default);

    Task DeleteRouteTableAsync(string routeTableId, CancellationToken cancellationToken = default);

    /// <summary>AllocateAddress with Domain vpc (tagged at creation; it takes no ClientToken).</summary>
    Task<ElasticIp> AllocateAddressAsync(IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ElasticIp>> DescribeAddressesAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default);

    Task ReleaseAddressAsync(string allocationId, CancellationToken cancellationToken = default);

    /// <summary>CreateNatGateway (public). The <paramref name="clientToken"/> makes a repeat return the same NAT gateway.
    /// It answers <c>pending</c>; DescribeNatGateways shows it become <c>available</c> (or <c>failed</c>).</summary>
    Task<NatGateway> CreateNatGatewayAsync(
        string subnetId, string allocationId, string clientToken, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<NatGateway>> DescribeNatGatewaysAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default);

    /// <summary>Starts deleting (<c>deleting</c>, then <c>deleted</c>); the Elastic IP is free once it is <c>deleted</c>.</summary>
    Task DeleteNatGatewayAsync(string natGatewayId, CancellationToken cancellationToken = default);

    Task<EgressOnlyInternetGateway> CreateEgressOnlyInternetGatewayAsync(
        string vpcId, string clientToken, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<EgressOnlyInternetGateway>> DescribeEgressOnlyInternetGatewaysAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default);

    Task DeleteEgressOnlyInternetGatewayAsync(string egressOnlyInternetGatewayId, CancellationToken cancellationToken = default);

    /// <summary>CreateVpcEndpoint of type Gateway for <paramref name="serviceName"/> (e.g. com.amazonaws.us-east-1.s3) on the route tables.</summary>
    Task<VpcEndpoint> CreateGatewayVpcEndpointAsync(
        string vpcId, string serviceName, IReadOnlyList<string> routeTableIds, string clientToken, IReadOnlyList<Ec2Tag> tags,
        CancellationToken cancellationToken = default);

    Task<IReadOnlyList<VpcEndpoint>> DescribeVpcEndpointsAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default);

    /// <summary>DeleteVpcEndpoints answers per endpoint; an endpoint it could not delete is raised as that item's EC2 error.</summary>
    Task DeleteVpcEndpointsAsync(IReadOnlyList<string> vpcEndpointIds, CancellationToken cancellationToken = default);
}
