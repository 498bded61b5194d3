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

    [Fact]
    public async Task CreateVpc_asks_for_ipv6_and_tenancy_and_reads_the_associated_block()
    {
        Server.Enqueue(LoopbackResponse.Xml($"""
            <CreateVpcResponse {Ns}><requestId>r1</requestId><vpc>
              <vpcId>vpc-1a2b3c4d</vpcId><state>pending</state><cidrBlock>10.0.0.0/16</cidrBlock><instanceTenancy>dedicated</instanceTenancy>
              <ipv6CidrBlockAssociationSet><item><ipv6CidrBlock>2600:1f18:abcd:ef00::/56</ipv6CidrBlock><associationId>vpc-cidr-assoc-1</associationId>
                <ipv6CidrBlockState><state>associated</state></ipv6CidrBlockState></item></ipv6CidrBlockAssociationSet>
              <isDefault>false</isDefault><tagSet/></vpc></CreateVpcResponse>
            """));

        var vpc = await Client.CreateVpcAsync("10.0.0.0/16", [], amazonProvidedIpv6CidrBlock: true, instanceTenancy: "dedicated");

        Assert.Subset(Server.Requests[0].Form.ToHashSet(), Expected(
            ("Action", "CreateVpc"), ("CidrBlock", "10.0.0.0/16"), ("AmazonProvidedIpv6CidrBlock", "true"), ("InstanceTenancy", "dedicated")).ToHashSet());
        Assert.Equal(("2600:1f18:abcd:ef00::/56", "dedicated"), (vpc.Ipv6CidrBlock, vpc.InstanceTenancy));
    }

    [Fact]
    public async Task Nat_gateways_and_elastic_ips_are_sent_and_read_as_ec2_writes_them()
    {
        Server.Enqueue(
            LoopbackResponse.Xml($"""
                <AllocateAddressResponse {Ns}><requestId>r1</requestId><publicIp>198.51.100.7</publicIp><domain>vpc</domain>
                  <allocationId>eipalloc-5723d13e</allocationId></AllocateAddressResponse>
                """),
            LoopbackResponse.Xml($"""
                <CreateNatGatewayResponse {Ns}><requestId>r2</requestId><clientToken>req-42-nat</clientToken><natGateway>
                  <subnetId>subnet-1a2b3c4d</subnetId><natGatewayAddressSet><item><allocationId>eipalloc-5723d13e</allocationId></item></natGatewayAddressSet>
                  <createTime>2026-12-02T10:00:00.000Z</createTime><vpcId>vpc-4e20d42b</vpcId><natGatewayId>nat-04e77a5e9c34432f9</natGatewayId>
                  <state>pending</state><connectivityType>public</connectivityType></natGateway></CreateNatGatewayResponse>
                """),
            LoopbackResponse.Xml($"""
                <DescribeNatGatewaysResponse {Ns}><requestId>r3</requestId><natGatewaySet><item>
                  <subnetId>subnet-1a2b3c4d</subnetId><natGatewayAddressSet><item><allocationId>eipalloc-5723d13e</allocationId><publicIp>198.51.100.7</publicIp>
                  </item></natGatewayAddressSet><vpcId>vpc-4e20d42b</vpcId><natGatewayId>nat-04e77a5e9c34432f9</natGatewayId><state>failed</state>
                  <failureCode>Gateway.NotAttached</failureCode><failureMessage>Network vpc-4e20d42b has no Internet gateway attached</failureMessage>
                  <tagSet><item><key>portal:resource</key><value>nat-gateway:us-east-1a</value></item></tagSet></item></natGatewaySet>
                </DescribeNatGatewaysResponse>
                """));
        var client = Client;

        var address = await client.AllocateAddressAsync([new Ec2Tag("portal:request-id", "req-42")]);
        var created = await client.CreateNatGatewayAsync("subnet-1a2b3c4d", address.AllocationId, "req-42-nat", []);
        var described = Assert.Single(await client.DescribeNatGatewaysAsync([Ec2Filter.Of("nat-gateway-id", "nat-04e77a5e9c34432f9")]));

        Assert.Subset(Server.Requests[0].Form.ToHashSet(), Expected(
            ("Action", "AllocateAddress"), ("Domain", "vpc"), ("TagSpecification.1.ResourceType", "elastic-ip"), ("TagSpecification.1.Tag.1.Key", "portal:request-id")).ToHashSet());
        Assert.Equal(("eipalloc-5723d13e", "198.51.100.7"), (address.AllocationId, address.PublicIp));
        Assert.Subset(Server.Requests[1].Form.ToHashSet(), Expected(
            ("Action", "CreateNatGateway"), ("SubnetId", "subnet-1a2b3c4d"), ("AllocationId", "eipalloc-5723d13e"), ("ClientToken", "req-42-nat"),
            ("ConnectivityType", "public")).ToHashSet());
        Assert.Equal(("nat-04e77a5e9c34432f9", "pending", "vpc-4e20d42b"), (created.NatGatewayId, created.State, created.VpcId));
        // DescribeNatGateways names its filters Filter.N like the other Describe calls.
        Assert.Subset(Server.Requests[2].Form.ToHashSet(), Expected(("Filter.1.Name", "nat-gateway-id"), ("Filter.1.Value.1", "nat-04e77a5e9c34432f9")).ToHashSet());
        Assert.Equal((NatGatewayStates.Failed, "Gateway.NotAttached", "198.51.100.7"), (described.State, described.FailureCode, described.PublicIp));
        Assert.Equal("nat-gateway:us-east-1a", VpcTags.ResourceOf(described.Tags));
    }

    [Fact]
    public async Task Routes_go_to_ipv6_destinations_and_to_nat_or_egress_only_gateways()
    {
        Server.Enqueue(
            LoopbackResponse.Xml($"<CreateRouteResponse {Ns}><requestId>r1</requestId><return>true</return></CreateRouteResponse>"),
            LoopbackResponse.Xml($"<CreateRouteResponse {Ns}><requestId>r2</requestId><return>true</return></CreateRouteResponse>"),
            LoopbackResponse.Xml($"""
                <DescribeRouteTablesResponse {Ns}><requestId>r3</requestId><routeTableSet><item>
                  <routeTableId>rtb-f9ad4890</routeTableId><vpcId>vpc-1a2b3c4d</vpcId>
                  <routeSet>
                    <item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><natGatewayId>nat-04e77a5e9c34432f9</natGatewayId><state>active</state></item>
                    <item><destinationIpv6CidrBlock>::/0</destinationIpv6CidrBlock><egressOnlyInternetGatewayId>eigw-015e0e244e24dfe8a</egressOnlyInternetGatewayId><state>active</state></item>
                  </routeSet><associationSet/><tagSet/></item></routeTableSet>
                </DescribeRouteTablesResponse>
                """));
        var client = Client;

        await client.CreateRouteAsync("rtb-f9ad4890", "0.0.0.0/0", RouteTarget.Nat("nat-04e77a5e9c34432f9"));
        await client.CreateRouteAsync("rtb-f9ad4890", "::/0", RouteTarget.EgressOnly("eigw-015e0e244e24dfe8a"));
        var table = Assert.Single(await client.DescribeRouteTablesAsync([]));

        Assert.Subset(Server.Requests[0].Form.ToHashSet(), Expected(("DestinationCidrBlock", "0.0.0.0/0"), ("NatGatewayId", "nat-04e77a5e9c34432f9")).ToHashSet());
        Assert.DoesNotContain(Server.Requests[0].Form, p => p.Key is "GatewayId" or "DestinationIpv6CidrBlock");
        Assert.Subset(Server.Requests[1].Form.ToHashSet(), Expected(("DestinationIpv6CidrBlock", "::/0"), ("EgressOnlyInternetGatewayId", "eigw-015e0e244e24dfe8a")).ToHashSet());
        Assert.DoesNotContain(Server.Requests[1].Form, p => p.Key == "DestinationCidrBlock");
        Assert.Equal(
            [new Route("0.0.0.0/0", null, "active", null, "nat-04e77a5e9c34432f9"), new Route(null, null, "active", "::/0", null, "eigw-015e0e244e24dfe8a")],
            table.Routes);
    }

    [Fact]
    public async Task A_gateway_endpoint_is_created_on_the_route_tables_and_a_refused_delete_raises_its_code()
    {
        Server.Enqueue(
            LoopbackResponse.Xml($"""
                <CreateVpcEndpointResponse {Ns}><requestId>r1</requestId><vpcEndpoint>
                  <vpcEndpointId>vpce-032a826a</vpcEndpointId><vpcEndpointType>Gateway</vpcEndpointType><vpcId>vpc-1a2b3c4d</vpcId>
                  <serviceName>com.amazonaws.us-east-1.s3</serviceName><state>available</state>
                  <routeTableIdSet><item>rtb-11aa22bb</item><item>rtb-33cc44dd</item></routeTableIdSet><tagSet/></vpcEndpoint>
                </CreateVpcEndpointResponse>
                """),
            LoopbackResponse.Xml($"""
                <DeleteVpcEndpointsResponse {Ns}><requestId>r2</requestId><unsuccessful><item>
                  <error><code>InvalidVpcEndpointId.NotFound</code><message>The VPC endpoint 'vpce-032a826a' does not exist</message></error>
                  <resourceId>vpce-032a826a</resourceId></item></unsuccessful></DeleteVpcEndpointsResponse>
                """));
        var client = Client;

        var endpoint = await client.CreateGatewayVpcEndpointAsync("vpc-1a2b3c4d", "com.amazonaws.us-east-1.s3", ["rtb-11aa22bb", "rtb-33cc44dd"], "req-42-s3", []);
        var refused = await Assert.ThrowsAsync<Amazon.EC2.AmazonEC2Exception>(() => client.DeleteVpcEndpointsAsync(["vpce-032a826a"]));

        Assert.Subset(Server.Requests[0].Form.ToHashSet(), Expected(
            ("Action", "CreateVpcEndpoint"), ("VpcEndpointType", "Gateway"), ("ServiceName", "com.amazonaws.us-east-1.s3"),
            ("RouteTableId.1", "rtb-11aa22bb"), ("RouteTableId.2", "rtb-33cc44dd"), ("ClientToken", "req-42-s3")).ToHashSet());
        Assert.Equal(("vpce-032a826a", "Gateway"), (endpoint.VpcEndpointId, endpoint.VpcEndpointType));
        Assert.Equal(["rtb-11aa22bb", "rtb-33cc44dd"], endpoint.RouteTableIds);
        Assert.Equal("InvalidVpcEndpointId.NotFound", refused.ErrorCode);
    }
}
