using System.Net;
using Portal.Core.Aws;

namespace Portal.Core.Tests.Aws;

public sealed class Ec2ClientTests : AwsContractTest
{
    private const string Ns = "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"";

    private Ec2Client Client(bool withSessionToken = false) =>
        new(Http, Options(withSessionToken));

    private static List<KeyValuePair<string, string>> Expected(params (string Name, string Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)).ToList();

    private static string Return(string action) =>
        $"<{action}Response {Ns}><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId><return>true</return></{action}Response>";

    [Fact]
    public async Task CreateVpc_posts_exact_form_with_tag_specification_and_reads_the_vpc()
    {
        Server.Enqueue(LoopbackResponse.Xml($"""
            <CreateVpcResponse {Ns}>
              <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
              <vpc>
                <vpcId>vpc-1a2b3c4d</vpcId><state>pending</state><cidrBlock>10.0.0.0/16</cidrBlock>
                <dhcpOptionsId>dopt-1a2b3c4d2</dhcpOptionsId><instanceTenancy>default</instanceTenancy><isDefault>false</isDefault>
                <tagSet><item><key>Name</key><value>web</value></item><item><key>portal:request-id</key><value>req-42</value></item></tagSet>
              </vpc>
            </CreateVpcResponse>
            """));

        var vpc = await Client().CreateVpcAsync("10.0.0.0/16", [new("Name", "web"), new("portal:request-id", "req-42")]);

        var request = Server.SingleRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Path);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Header("Content-Type"));
        Assert.Equal(
            Expected(
                ("Action", "CreateVpc"), ("Version", "2016-11-15"), ("CidrBlock", "10.0.0.0/16"),
                ("TagSpecification.1.ResourceType", "vpc"),
                ("TagSpecification.1.Tag.1.Key", "Name"), ("TagSpecification.1.Tag.1.Value", "web"),
                ("TagSpecification.1.Tag.2.Key", "portal:request-id"), ("TagSpecification.1.Tag.2.Value", "req-42")),
            request.Form);
        Assert.Equal(("vpc-1a2b3c4d", "10.0.0.0/16", "pending", false), (vpc.VpcId, vpc.CidrBlock, vpc.State, vpc.IsDefault));
        Assert.Equal([new Ec2Tag("Name", "web"), new Ec2Tag("portal:request-id", "req-42")], vpc.Tags);
    }

    [Fact]
    public async Task Requests_carry_a_sigv4_signature_that_matches_what_arrived()
    {
        Server.Enqueue(LoopbackResponse.Xml(Return("DeleteVpc")));

        await Client().DeleteVpcAsync("vpc-1a2b3c4d");

        var request = Server.SingleRequest;
        Assert.Equal("20240501T120000Z", request.Header("X-Amz-Date"));
        Assert.StartsWith(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/ec2/aws4_request, SignedHeaders=",
            request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("content-type;host;", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.False(request.Headers.ContainsKey("X-Amz-Security-Token"));
        SigV4WireCheck.AssertSigned(request, TestCredentials.AccessKey, TestCredentials.SecretKey, "us-east-1", "ec2");
        Assert.Equal(Expected(("Action", "DeleteVpc"), ("Version", "2016-11-15"), ("VpcId", "vpc-1a2b3c4d")), request.Form);
    }

    [Fact]
    public async Task Session_credentials_send_a_signed_security_token()
    {
        Server.Enqueue(LoopbackResponse.Xml(Return("DeleteSubnet")));

        await Client(withSessionToken: true).DeleteSubnetAsync("subnet-9d4a7b6c");

        var request = Server.SingleRequest;
        Assert.Equal(TestCredentials.SessionToken, request.Header("X-Amz-Security-Token"));
        var signedHeaders = SigV4WireCheck.AuthorizationShape().Match(request.Header("Authorization")).Groups["headers"].Value;
        Assert.Contains("x-amz-security-token", signedHeaders.Split(';'));
        SigV4WireCheck.AssertSigned(request, TestCredentials.AccessKey, TestCredentials.SecretKey, "us-east-1", "ec2");
    }

    [Theory]
    [InlineData(VpcAttribute.EnableDnsSupport, true, "EnableDnsSupport.Value", "true")]
    [InlineData(VpcAttribute.EnableDnsHostnames, false, "EnableDnsHostnames.Value", "false")]
    public async Task ModifyVpcAttribute_sends_exactly_one_attribute(VpcAttribute attribute, bool value, string name, string wire)
    {
        Server.Enqueue(LoopbackResponse.Xml(Return("ModifyVpcAttribute")));

        await Client().ModifyVpcAttributeAsync("vpc-1a2b3c4d", attribute, value);

        Assert.Equal(
            Expected(("Action", "ModifyVpcAttribute"), ("Version", "2016-11-15"), ("VpcId", "vpc-1a2b3c4d"), (name, wire)),
            Server.SingleRequest.Form);
    }

    [Fact]
    public async Task CreateSubnet_and_map_public_ip_send_exact_parameters()
    {
        Server.Enqueue(
            LoopbackResponse.Xml($"""
                <CreateSubnetResponse {Ns}><requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
                  <subnet><subnetId>subnet-9d4a7b6c</subnetId><state>pending</state><vpcId>vpc-1a2b3c4d</vpcId>
                    <cidrBlock>10.0.1.0/24</cidrBlock><availableIpAddressCount>251</availableIpAddressCount>
                    <availabilityZone>us-east-1a</availabilityZone><availabilityZoneId>use1-az6</availabilityZoneId>
                    <mapPublicIpOnLaunch>false</mapPublicIpOnLaunch>
                    <tagSet><item><key>Name</key><value>public-a</value></item></tagSet></subnet>
                </CreateSubnetResponse>
                """),
            LoopbackResponse.Xml(Return("ModifySubnetAttribute")));
        var client = Client();

        var subnet = await client.CreateSubnetAsync("vpc-1a2b3c4d", "10.0.1.0/24", "us-east-1a", [new("Name", "public-a")]);
        await client.ModifySubnetMapPublicIpOnLaunchAsync(subnet.SubnetId, true);

        Assert.Equal(
            Expected(
                ("Action", "CreateSubnet"), ("Version", "2016-11-15"), ("VpcId", "vpc-1a2b3c4d"), ("CidrBlock", "10.0.1.0/24"),
                ("AvailabilityZone", "us-east-1a"), ("TagSpecification.1.ResourceType", "subnet"),
                ("TagSpecification.1.Tag.1.Key", "Name"), ("TagSpecification.1.Tag.1.Value", "public-a")),
            Server.Requests[0].Form);
        Assert.Equal(
            Expected(("Action", "ModifySubnetAttribute"), ("Version", "2016-11-15"), ("SubnetId", "subnet-9d4a7b6c"), ("MapPublicIpOnLaunch.Value", "true")),
            Server.Requests[1].Form);
        Assert.Equal(("subnet-9d4a7b6c", "vpc-1a2b3c4d", "10.0.1.0/24", "us-east-1a", "pending", false),
            (subnet.SubnetId, subnet.VpcId, subnet.CidrBlock, subnet.AvailabilityZone, subnet.State, subnet.MapPublicIpOnLaunch));
        Assert.Equal([new Ec2Tag("Name", "public-a")], subnet.Tags);
    }

    [Fact]
    public async Task Internet_gateway_and_route_table_calls_send_exact_parameters()
    {
        Server.Enqueue(
            LoopbackResponse.Xml($"""
                <CreateInternetGatewayResponse {Ns}><requestId>r1</requestId>
                  <internetGateway><internetGatewayId>igw-eaad4883</internetGatewayId><attachmentSet/>
                    <tagSet><item><key>Name</key><value>web-igw</value></item></tagSet></internetGateway>
                </CreateInternetGatewayResponse>
                """),
            LoopbackResponse.Xml(Return("AttachInternetGateway")),
            LoopbackResponse.Xml($"""
                <CreateRouteTableResponse {Ns}><requestId>r3</requestId>
                  <routeTable><routeTableId>rtb-f9ad4890</routeTableId><vpcId>vpc-1a2b3c4d</vpcId>
                    <routeSet><item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state><origin>CreateRouteTable</origin></item></routeSet>
                    <associationSet/><tagSet/></routeTable>
                </CreateRouteTableResponse>
                """),
            LoopbackResponse.Xml(Return("CreateRoute")),
            LoopbackResponse.Xml($"""
                <AssociateRouteTableResponse {Ns}><requestId>r5</requestId><associationId>rtbassoc-f8ad4891</associationId>
                  <associationState><state>associated</state></associationState></AssociateRouteTableResponse>
                """));
        var client = Client();

        var gateway = await client.CreateInternetGatewayAsync([new("Name", "web-igw")]);
        await client.AttachInternetGatewayAsync(gateway.InternetGatewayId, "vpc-1a2b3c4d");
        var table = await client.CreateRouteTableAsync("vpc-1a2b3c4d", []);
        await client.CreateRouteAsync(table.RouteTableId, "0.0.0.0/0", gateway.InternetGatewayId);
        var associationId = await client.AssociateRouteTableAsync(table.RouteTableId, "subnet-9d4a7b6c");

        var forms = Server.Requests.Select(r => r.Form).ToList();
        Assert.Equal(
            Expected(("Action", "CreateInternetGateway"), ("Version", "2016-11-15"), ("TagSpecification.1.ResourceType", "internet-gateway"),
                ("TagSpecification.1.Tag.1.Key", "Name"), ("TagSpecification.1.Tag.1.Value", "web-igw")),
            forms[0]);
        Assert.Equal(
            Expected(("Action", "AttachInternetGateway"), ("Version", "2016-11-15"), ("InternetGatewayId", "igw-eaad4883"), ("VpcId", "vpc-1a2b3c4d")),
            forms[1]);
        Assert.Equal(Expected(("Action", "CreateRouteTable"), ("Version", "2016-11-15"), ("VpcId", "vpc-1a2b3c4d")), forms[2]);
        Assert.Equal(
            Expected(("Action", "CreateRoute"), ("Version", "2016-11-15"), ("RouteTableId", "rtb-f9ad4890"),
                ("DestinationCidrBlock", "0.0.0.0/0"), ("GatewayId", "igw-eaad4883")),
            forms[3]);
        Assert.Equal(
            Expected(("Action", "AssociateRouteTable"), ("Version", "2016-11-15"), ("RouteTableId", "rtb-f9ad4890"), ("SubnetId", "subnet-9d4a7b6c")),
            forms[4]);
        Assert.Equal("rtbassoc-f8ad4891", associationId);
        Assert.Equal([new Route("10.0.0.0/16", "local", "active")], table.Routes);
        Assert.Equal([new Ec2Tag("Name", "web-igw")], gateway.Tags);
        Assert.Empty(gateway.Attachments);
    }

    [Fact]
    public async Task Teardown_calls_send_exact_parameters()
    {
        foreach (var action in new[] { "DisassociateRouteTable", "DeleteRoute", "DeleteRouteTable", "DetachInternetGateway", "DeleteInternetGateway" })
        {
            Server.Enqueue(LoopbackResponse.Xml(Return(action)));
        }

        var client = Client();
        await client.DisassociateRouteTableAsync("rtbassoc-f8ad4891");
        await client.DeleteRouteAsync("rtb-f9ad4890", "0.0.0.0/0");
        await client.DeleteRouteTableAsync("rtb-f9ad4890");
        await client.DetachInternetGatewayAsync("igw-eaad4883", "vpc-1a2b3c4d");
        await client.DeleteInternetGatewayAsync("igw-eaad4883");

        var forms = Server.Requests.Select(r => r.Form.Skip(2).ToList()).ToList();
        Assert.Equal(Expected(("AssociationId", "rtbassoc-f8ad4891")), forms[0]);
        Assert.Equal(Expected(("RouteTableId", "rtb-f9ad4890"), ("DestinationCidrBlock", "0.0.0.0/0")), forms[1]);
        Assert.Equal(Expected(("RouteTableId", "rtb-f9ad4890")), forms[2]);
        Assert.Equal(Expected(("InternetGatewayId", "igw-eaad4883"), ("VpcId", "vpc-1a2b3c4d")), forms[3]);
        Assert.Equal(Expected(("InternetGatewayId", "igw-eaad4883")), forms[4]);
        Assert.Equal(
            ["DisassociateRouteTable", "DeleteRoute", "DeleteRouteTable", "DetachInternetGateway", "DeleteInternetGateway"],
            Server.Requests.Select(r => r.Form[0].Value));
    }

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

        var vpcs = await Client().DescribeVpcsAsync(
            [Ec2Filter.Tag("portal:request-id", "req-42"), Ec2Filter.Of("state", "available", "pending")]);

        var filters = Expected(
            ("Filter.1.Name", "tag:portal:request-id"), ("Filter.1.Value.1", "req-42"),
            ("Filter.2.Name", "state"), ("Filter.2.Value.1", "available"), ("Filter.2.Value.2", "pending"));
        Assert.Equal(Expected(("Action", "DescribeVpcs"), ("Version", "2016-11-15")).Concat(filters), Server.Requests[0].Form);
        Assert.Equal(
            Expected(("Action", "DescribeVpcs"), ("Version", "2016-11-15")).Concat(filters).Concat(Expected(("NextToken", "page-2"))),
            Server.Requests[1].Form);
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
        var client = Client();
        var byVpc = new[] { Ec2Filter.Of("vpc-id", "vpc-1a2b3c4d") };

        var subnets = await client.DescribeSubnetsAsync(byVpc);
        var gateways = await client.DescribeInternetGatewaysAsync([Ec2Filter.Of("attachment.vpc-id", "vpc-1a2b3c4d")]);
        var tables = await client.DescribeRouteTablesAsync(byVpc);
        var zones = await client.DescribeAvailabilityZonesAsync();

        Assert.Equal(Expected(("Action", "DescribeSubnets"), ("Version", "2016-11-15"), ("Filter.1.Name", "vpc-id"), ("Filter.1.Value.1", "vpc-1a2b3c4d")), Server.Requests[0].Form);
        Assert.Equal("attachment.vpc-id", Server.Requests[1].Form[2].Value);
        Assert.Equal(Expected(("Action", "DescribeAvailabilityZones"), ("Version", "2016-11-15")), Server.Requests[3].Form);
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
    public async Task Client_error_is_typed_and_not_retried()
    {
        Server.Enqueue(LoopbackResponse.Xml(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response><Errors><Error><Code>InvalidVpc.Range</Code><Message>The CIDR '10.0.0.0/8' is invalid.</Message></Error></Errors>
            <RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>
            """, 400));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Client().CreateVpcAsync("10.0.0.0/8", []));

        Assert.Equal("InvalidVpc.Range", error.ErrorCode);
        Assert.Equal("The CIDR '10.0.0.0/8' is invalid.", error.AwsMessage);
        Assert.Equal("ea966190-f9aa-478e-9ede-example", error.RequestId);
        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("ec2", error.Service);
        Assert.Single(Server.Requests);
        Assert.Empty(Clock.Delays);
    }

    [Fact]
    public async Task Throttling_is_retried_with_a_fresh_signature_and_then_succeeds()
    {
        Server.Enqueue(
            LoopbackResponse.Xml(
                "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>t-1</RequestID></Response>",
                503),
            LoopbackResponse.Xml(Return("DeleteVpc")));

        await Client().DeleteVpcAsync("vpc-1a2b3c4d");

        Assert.Equal(2, Server.Requests.Count);
        var delay = Assert.Single(Clock.Delays);
        Assert.InRange(delay, TimeSpan.Zero, new AwsRetryOptions().BaseDelay);
        // Each attempt is signed when it is sent, so the retry still verifies.
        SigV4WireCheck.AssertSigned(Server.Requests[1], TestCredentials.AccessKey, TestCredentials.SecretKey, "us-east-1", "ec2");
    }

    [Fact]
    public async Task Persistent_503_exhausts_the_attempts_and_throws_the_last_error()
    {
        for (var i = 0; i < 6; i++)
        {
            Server.Enqueue(LoopbackResponse.Xml("<html><body>Service Unavailable</body>", 503));
        }

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Client().DescribeAvailabilityZonesAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.HttpStatusCode);
        Assert.Equal("ServiceUnavailable", error.ErrorCode);
        Assert.Equal(5, Server.Requests.Count);
        Assert.Equal(4, Clock.Delays.Count);
    }

    [Fact]
    public async Task Dropped_connection_is_retried()
    {
        Server.Enqueue(LoopbackResponse.Dropped(), LoopbackResponse.Xml(Return("DeleteVpc")));

        await Client().DeleteVpcAsync("vpc-1a2b3c4d");

        Assert.Equal(2, Server.Requests.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("subnet-123")]
    [InlineData("vpc-")]
    public async Task Malformed_ids_are_rejected_before_anything_is_sent(string vpcId)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client().DeleteVpcAsync(vpcId));

        Assert.Contains("vpc-", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task Reserved_tag_prefix_is_rejected_with_a_hint()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Client().CreateVpcAsync("10.0.0.0/16", [new("aws:cloudformation:stack-name", "x")]));

        Assert.Contains("reserved 'aws:' prefix", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public void Default_endpoint_is_the_regional_ec2_endpoint()
    {
        var client = new Ec2Client(Http, new AwsClientOptions(new Amazon.Runtime.BasicAWSCredentials("a", "b"), "eu-central-1"));

        Assert.Equal(new Uri("https://ec2.eu-central-1.amazonaws.com/"), client.Endpoint);
    }
}
