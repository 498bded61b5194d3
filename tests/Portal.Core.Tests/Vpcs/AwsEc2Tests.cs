using Portal.Core.Tests.Aws;
using Portal.Core.Vpcs;

namespace Portal.Core.Tests.Vpcs;

/// <summary>The EC2 adapter reads EC2's own XML (samples from the EC2 API reference) through AWSSDK.EC2 into the
/// <see cref="IEc2Api"/> records, sends Describe filters as EC2 lists them and follows NextToken.</summary>
public sealed class AwsEc2Tests : AwsContractTest
{
    private const string Ns = "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"";

    private AwsEc2 Client => Ec2SandboxHttpServer.ClientFor(Server.Endpoint);

    private static List<KeyValuePair<string, string>> Expected(params (string Name, string Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)).ToList();

    [Fact]
    public async Task DescribeVpcs_sends_numbered_filters_and_follows_next_token()
    {
        Server.Enqueue(
            LoopbackResponse.Xml($"""
                <DescribeVpcsResponse {Ns}><requestId>r1</requestId>
                  <vpcSet><item><vpcId>vpc-1a2b3c4d</vpcId><state>available</state><cidrBlock>10.0.0.0/16</cidrBlock><isDefault>false</isDefault>
                    <tagSet><item><key>portal:request-id</key><value>req-42</value></item></tagSet></item></vpcSet>
                  <nextToken>page-2</nextToken>
                </DescribeVpcsResponse>
                """),
            LoopbackResponse.Xml($"""
                <DescribeVpcsResponse {Ns}><requestId>r2</requestId>
                  <vpcSet><item><vpcId>vpc-5e6f7a8b</vpcId><state>pending</state><cidrBlock>10.1.0.0/16</cidrBlock><isDefault>true</isDefault><tagSet/></item></vpcSet>
                </DescribeVpcsResponse>
                """));

        var vpcs = await Client.DescribeVpcsAsync(
            [Ec2Filter.Tag("portal:request-id", "req-42"), Ec2Filter.Of("state", "available", "pending")]);

        var filters = Expected(
            ("Action", "DescribeVpcs"),
            ("Filter.1.Name", "tag:portal:request-id"), ("Filter.1.Value.1", "req-42"),
            ("Filter.2.Name", "state"), ("Filter.2.Value.1", "available"), ("Filter.2.Value.2", "pending"));
        Assert.Subset(Server.Requests[0].Form.ToHashSet(), filters.ToHashSet());
        Assert.DoesNotContain(Server.Requests[0].Form, p => p.Key == "NextToken");
        Assert.Subset(Server.Requests[1].Form.ToHashSet(), filters.Append(new("NextToken", "page-2")).ToHashSet());
        Assert.Equal(["vpc-1a2b3c4d", "vpc-5e6f7a8b"], vpcs.Select(v => v.VpcId));
        Assert.Equal([false, true], vpcs.Select(v => v.IsDefault));
        Assert.Equal([new Ec2Tag("portal:request-id", "req-42")], vpcs[0].Tags);
    }

    [Fact]
    public async Task Describe_subnets_gateways_route_tables_and_zones_read_aws_xml()
    {
        Server.Enqueue(
            LoopbackResponse.Xml($"""
                <DescribeSubnetsResponse {Ns}><requestId>r1</requestId><subnetSet><item>
                  <subnetId>subnet-9d4a7b6c</subnetId><state>available</state><vpcId>vpc-1a2b3c4d</vpcId><cidrBlock>10.0.1.0/24</cidrBlock>
                  <availabilityZone>us-east-1a</availabilityZone><mapPublicIpOnLaunch>true</mapPublicIpOnLaunch><tagSet/></item></subnetSet>
                </DescribeSubnetsResponse>
                """),
            LoopbackResponse.Xml($"""
                <DescribeInternetGatewaysResponse {Ns}><requestId>r2</requestId><internetGatewaySet><item>
                  <internetGatewayId>igw-eaad4883</internetGatewayId>
                  <attachmentSet><item><vpcId>vpc-1a2b3c4d</vpcId><state>available</state></item></attachmentSet><tagSet/></item></internetGatewaySet>
                </DescribeInternetGatewaysResponse>
                """),
            LoopbackResponse.Xml($"""
                <DescribeRouteTablesResponse {Ns}><requestId>r3</requestId><routeTableSet><item>
                  <routeTableId>rtb-f9ad4890</routeTableId><vpcId>vpc-1a2b3c4d</vpcId>
                  <routeSet>
                    <item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state></item>
                    <item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><gatewayId>igw-eaad4883</gatewayId><state>active</state></item>
                  </routeSet>
                  <associationSet><item><routeTableAssociationId>rtbassoc-f8ad4891</routeTableAssociationId><routeTableId>rtb-f9ad4890</routeTableId>
                    <subnetId>subnet-9d4a7b6c</subnetId><main>false</main><associationState><state>associated</state></associationState></item></associationSet>
                  <tagSet><item><key>Name</key><value>public</value></item></tagSet></item></routeTableSet>
                </DescribeRouteTablesResponse>
                """),
            LoopbackResponse.Xml($"""
                <DescribeAvailabilityZonesResponse {Ns}><requestId>r4</requestId><availabilityZoneInfo>
                  <item><zoneName>us-east-1a</zoneName><zoneState>available</zoneState><regionName>us-east-1</regionName><zoneId>use1-az6</zoneId><messageSet/></item>
                  <item><zoneName>us-east-1b</zoneName><zoneState>impaired</zoneState><regionName>us-east-1</regionName><zoneId>use1-az1</zoneId><messageSet/></item>
                </availabilityZoneInfo></DescribeAvailabilityZonesResponse>
                """));
        var client = Client;
        var byVpc = new[] { Ec2Filter.Of("vpc-id", "vpc-1a2b3c4d") };

        var subnets = await client.DescribeSubnetsAsync(byVpc);
        var gateways = await client.DescribeInternetGatewaysAsync([Ec2Filter.Of("attachment.vpc-id", "vpc-1a2b3c4d")]);
        var tables = await client.DescribeRouteTablesAsync(byVpc);
        var zones = await client.DescribeAvailabilityZonesAsync();

        Assert.Subset(Server.Requests[0].Form.ToHashSet(), Expected(("Action", "DescribeSubnets"), ("Filter.1.Name", "vpc-id"), ("Filter.1.Value.1", "vpc-1a2b3c4d")).ToHashSet());
        Assert.Contains(new KeyValuePair<string, string>("Filter.1.Name", "attachment.vpc-id"), Server.Requests[1].Form);
        Assert.True(Assert.Single(subnets).MapPublicIpOnLaunch);
        Assert.Equal([new InternetGatewayAttachment("vpc-1a2b3c4d", "available")], Assert.Single(gateways).Attachments);
        var table = Assert.Single(tables);
        Assert.Equal(["local", "igw-eaad4883"], table.Routes.Select(r => r.GatewayId));
        Assert.Equal([new RouteTableAssociation("rtbassoc-f8ad4891", "subnet-9d4a7b6c", false)], table.Associations);
        Assert.Equal(
            [new AvailabilityZone("us-east-1a", "use1-az6", "available", "us-east-1"), new AvailabilityZone("us-east-1b", "use1-az1", "impaired", "us-east-1")],
            zones);
    }
}
