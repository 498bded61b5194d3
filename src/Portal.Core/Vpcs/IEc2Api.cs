namespace Portal.Core.Vpcs;

/// <summary>
/// The EC2 operations the VPC builder uses, shaped like the EC2 API. Implemented by <see cref="AwsEc2"/> (AWSSDK.EC2)
/// in Aws mode and by the local <see cref="Sandbox.Ec2Sandbox"/>, which must enforce the same rules and raise
/// <see cref="Amazon.EC2.AmazonEC2Exception"/> with the same error codes.
/// </summary>
public interface IEc2Api
{
    Task<IReadOnlyList<AvailabilityZone>> DescribeAvailabilityZonesAsync(CancellationToken cancellationToken = default);

    Task<Vpc> CreateVpcAsync(string cidrBlock, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default);

    /// <summary>AWS accepts one attribute per ModifyVpcAttribute call.</summary>
    Task ModifyVpcAttributeAsync(string vpcId, VpcAttribute attribute, bool value, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default);

    Task DeleteVpcAsync(string vpcId, CancellationToken cancellationToken = default);

    Task<Subnet> CreateSubnetAsync(string vpcId, string cidrBlock, string availabilityZone, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default);

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

    Task CreateRouteAsync(string routeTableId, string destinationCidrBlock, string gatewayId, CancellationToken cancellationToken = default);

    Task DeleteRouteAsync(string routeTableId, string destinationCidrBlock, CancellationToken cancellationToken = default);

    /// <summary>Returns the association id that DisassociateRouteTable needs.</summary>
    Task<string> AssociateRouteTableAsync(string routeTableId, string subnetId, CancellationToken cancellationToken = default);

    Task DisassociateRouteTableAsync(string associationId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RouteTable>> DescribeRouteTablesAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default);

    Task DeleteRouteTableAsync(string routeTableId, CancellationToken cancellationToken = default);
}
