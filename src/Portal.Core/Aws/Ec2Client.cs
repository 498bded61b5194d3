using System.Xml.Linq;

namespace Portal.Core.Aws;

/// <summary>Signed EC2 Query API client (API version 2016-11-15) for the VPC builder's operations.</summary>
public sealed class Ec2Client : IEc2Api
{
    public const string ApiVersion = "2016-11-15";

    private readonly AwsQueryClient _query;

    public Ec2Client(HttpClient http, AwsClientOptions options)
    {
        _query = new AwsQueryClient(http, options, "ec2", ApiVersion);
    }

    public Uri Endpoint => _query.Endpoint;

    public async Task<IReadOnlyList<AvailabilityZone>> DescribeAvailabilityZonesAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync("DescribeAvailabilityZones", new(), cancellationToken).ConfigureAwait(false);
        return response.Items("availabilityZoneInfo").Select(Ec2ResponseReader.AvailabilityZone).ToList();
    }

    public async Task<Vpc> CreateVpcAsync(string cidrBlock, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cidrBlock);
        var parameters = new Ec2QueryParameters().With("CidrBlock", cidrBlock).WithTags("vpc", tags);
        var response = await SendAsync("CreateVpc", parameters, cancellationToken).ConfigureAwait(false);
        return Ec2ResponseReader.Vpc(response.RequiredChild("vpc"));
    }

    public Task ModifyVpcAttributeAsync(string vpcId, VpcAttribute attribute, bool value, CancellationToken cancellationToken = default)
    {
        var name = attribute switch
        {
            VpcAttribute.EnableDnsSupport => "EnableDnsSupport.Value",
            VpcAttribute.EnableDnsHostnames => "EnableDnsHostnames.Value",
            _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "Use EnableDnsSupport or EnableDnsHostnames."),
        };
        var parameters = new Ec2QueryParameters().With("VpcId", RequireId(vpcId, "vpc-", nameof(vpcId))).With(name, value);
        return SendAsync("ModifyVpcAttribute", parameters, cancellationToken);
    }

    public Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        DescribeAsync("DescribeVpcs", "vpcSet", filters, Ec2ResponseReader.Vpc, cancellationToken);

    public Task DeleteVpcAsync(string vpcId, CancellationToken cancellationToken = default) =>
        SendAsync("DeleteVpc", new Ec2QueryParameters().With("VpcId", RequireId(vpcId, "vpc-", nameof(vpcId))), cancellationToken);

    public async Task<Subnet> CreateSubnetAsync(
        string vpcId, string cidrBlock, string availabilityZone, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cidrBlock);
        ArgumentException.ThrowIfNullOrWhiteSpace(availabilityZone);
        var parameters = new Ec2QueryParameters()
            .With("VpcId", RequireId(vpcId, "vpc-", nameof(vpcId)))
            .With("CidrBlock", cidrBlock)
            .With("AvailabilityZone", availabilityZone)
            .WithTags("subnet", tags);
        var response = await SendAsync("CreateSubnet", parameters, cancellationToken).ConfigureAwait(false);
        return Ec2ResponseReader.Subnet(response.RequiredChild("subnet"));
    }

    public Task ModifySubnetMapPublicIpOnLaunchAsync(string subnetId, bool value, CancellationToken cancellationToken = default)
    {
        var parameters = new Ec2QueryParameters()
            .With("SubnetId", RequireId(subnetId, "subnet-", nameof(subnetId)))
            .With("MapPublicIpOnLaunch.Value", value);
        return SendAsync("ModifySubnetAttribute", parameters, cancellationToken);
    }

    public Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        DescribeAsync("DescribeSubnets", "subnetSet", filters, Ec2ResponseReader.Subnet, cancellationToken);

    public Task DeleteSubnetAsync(string subnetId, CancellationToken cancellationToken = default) =>
        SendAsync("DeleteSubnet", new Ec2QueryParameters().With("SubnetId", RequireId(subnetId, "subnet-", nameof(subnetId))), cancellationToken);

    public async Task<InternetGateway> CreateInternetGatewayAsync(IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default)
    {
        var parameters = new Ec2QueryParameters().WithTags("internet-gateway", tags);
        var response = await SendAsync("CreateInternetGateway", parameters, cancellationToken).ConfigureAwait(false);
        return Ec2ResponseReader.InternetGateway(response.RequiredChild("internetGateway"));
    }

    public Task AttachInternetGatewayAsync(string internetGatewayId, string vpcId, CancellationToken cancellationToken = default) =>
        SendAsync("AttachInternetGateway", GatewayAndVpc(internetGatewayId, vpcId), cancellationToken);

    public Task DetachInternetGatewayAsync(string internetGatewayId, string vpcId, CancellationToken cancellationToken = default) =>
        SendAsync("DetachInternetGateway", GatewayAndVpc(internetGatewayId, vpcId), cancellationToken);

    public Task<IReadOnlyList<InternetGateway>> DescribeInternetGatewaysAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        DescribeAsync("DescribeInternetGateways", "internetGatewaySet", filters, Ec2ResponseReader.InternetGateway, cancellationToken);

    public Task DeleteInternetGatewayAsync(string internetGatewayId, CancellationToken cancellationToken = default) =>
        SendAsync(
            "DeleteInternetGateway",
            new Ec2QueryParameters().With("InternetGatewayId", RequireId(internetGatewayId, "igw-", nameof(internetGatewayId))),
            cancellationToken);

    public async Task<RouteTable> CreateRouteTableAsync(string vpcId, IReadOnlyList<Ec2Tag> tags, CancellationToken cancellationToken = default)
    {
        var parameters = new Ec2QueryParameters().With("VpcId", RequireId(vpcId, "vpc-", nameof(vpcId))).WithTags("route-table", tags);
        var response = await SendAsync("CreateRouteTable", parameters, cancellationToken).ConfigureAwait(false);
        return Ec2ResponseReader.RouteTable(response.RequiredChild("routeTable"));
    }

    public Task CreateRouteAsync(string routeTableId, string destinationCidrBlock, string gatewayId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationCidrBlock);
        var parameters = new Ec2QueryParameters()
            .With("RouteTableId", RequireId(routeTableId, "rtb-", nameof(routeTableId)))
            .With("DestinationCidrBlock", destinationCidrBlock)
            .With("GatewayId", RequireId(gatewayId, "igw-", nameof(gatewayId)));
        return SendAsync("CreateRoute", parameters, cancellationToken);
    }

    public Task DeleteRouteAsync(string routeTableId, string destinationCidrBlock, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationCidrBlock);
        var parameters = new Ec2QueryParameters()
            .With("RouteTableId", RequireId(routeTableId, "rtb-", nameof(routeTableId)))
            .With("DestinationCidrBlock", destinationCidrBlock);
        return SendAsync("DeleteRoute", parameters, cancellationToken);
    }

    public async Task<string> AssociateRouteTableAsync(string routeTableId, string subnetId, CancellationToken cancellationToken = default)
    {
        var parameters = new Ec2QueryParameters()
            .With("RouteTableId", RequireId(routeTableId, "rtb-", nameof(routeTableId)))
            .With("SubnetId", RequireId(subnetId, "subnet-", nameof(subnetId)));
        var response = await SendAsync("AssociateRouteTable", parameters, cancellationToken).ConfigureAwait(false);
        return response.RequiredValue("associationId");
    }

    public Task DisassociateRouteTableAsync(string associationId, CancellationToken cancellationToken = default) =>
        SendAsync(
            "DisassociateRouteTable",
            new Ec2QueryParameters().With("AssociationId", RequireId(associationId, "rtbassoc-", nameof(associationId))),
            cancellationToken);

    public Task<IReadOnlyList<RouteTable>> DescribeRouteTablesAsync(IReadOnlyList<Ec2Filter> filters, CancellationToken cancellationToken = default) =>
        DescribeAsync("DescribeRouteTables", "routeTableSet", filters, Ec2ResponseReader.RouteTable, cancellationToken);

    public Task DeleteRouteTableAsync(string routeTableId, CancellationToken cancellationToken = default) =>
        SendAsync("DeleteRouteTable", new Ec2QueryParameters().With("RouteTableId", RequireId(routeTableId, "rtb-", nameof(routeTableId))), cancellationToken);

    private static Ec2QueryParameters GatewayAndVpc(string internetGatewayId, string vpcId) => new Ec2QueryParameters()
        .With("InternetGatewayId", RequireId(internetGatewayId, "igw-", nameof(internetGatewayId)))
        .With("VpcId", RequireId(vpcId, "vpc-", nameof(vpcId)));

    /// <summary>Follows nextToken so callers always see every match.</summary>
    private async Task<IReadOnlyList<T>> DescribeAsync<T>(
        string action, string listName, IReadOnlyList<Ec2Filter> filters, Func<XElement, T> read, CancellationToken cancellationToken)
    {
        var results = new List<T>();
        string? nextToken = null;
        do
        {
            var parameters = new Ec2QueryParameters().WithFilters(filters);
            if (nextToken is not null)
            {
                parameters.With("NextToken", nextToken);
            }

            var response = await SendAsync(action, parameters, cancellationToken).ConfigureAwait(false);
            results.AddRange(response.Items(listName).Select(read));
            nextToken = response.ChildValue("nextToken");
        }
        while (!string.IsNullOrEmpty(nextToken));

        return results;
    }

    private Task<XElement> SendAsync(string action, Ec2QueryParameters parameters, CancellationToken cancellationToken) =>
        _query.SendAsync(action, parameters, cancellationToken);

    private static string RequireId(string id, string prefix, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(id) || !id.StartsWith(prefix, StringComparison.Ordinal) || id.Length == prefix.Length)
        {
            throw new ArgumentException($"'{id}' is not an EC2 id of the expected kind; it must look like '{prefix}0123456789abcdef0'.", parameterName);
        }

        return id;
    }
}
