using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Amazon.EC2;
using Amazon.Runtime;
using Portal.Core.Aws;
using Portal.Core.Tests.Aws;
using Portal.Core.Vpcs;
using Portal.Core.Vpcs.Sandbox;
using Form = System.Collections.Generic.Dictionary<string, string>;

namespace Portal.Core.Tests.Vpcs;

/// <summary>
/// A real, stateful EC2 endpoint on loopback for AWSSDK.EC2: no local EC2 exists, so this speaks the EC2 Query protocol
/// (form POST of Action and parameters, XML answers, errors as <c>&lt;Response&gt;&lt;Errors&gt;...</c> with HTTP 400)
/// over the <see cref="Ec2Sandbox"/>, which holds the state and enforces AWS's rules.
/// </summary>
public sealed class Ec2SandboxHttpServer : IDisposable
{
    private readonly IEc2Api _sandbox;
    private readonly Dictionary<string, Func<Form, Task<object?>>> _actions;
    private readonly LoopbackAwsServer _server;

    public Ec2SandboxHttpServer(Ec2Sandbox sandbox)
    {
        _sandbox = sandbox;
        _actions = Actions();
        _server = new LoopbackAwsServer(AnswerAsync);
    }

    public Uri Endpoint => _server.Endpoint;

    /// <summary>The portal's EC2 adapter (standard-retry reads, no-blind-retry writes) pointed at this server.</summary>
    public AwsEc2 Client(HttpClientFactory? http = null) => ClientFor(Endpoint, http);

    public AmazonEC2Config Config(HttpClientFactory? http = null) => ConfigFor(Endpoint, http);

    public static AwsEc2 ClientFor(Uri endpoint, HttpClientFactory? http = null) => new(
        new AmazonEC2Client(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), ConfigFor(endpoint, http)),
        new MutatingEc2Client(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), ConfigFor(endpoint, http)));

    /// <summary>An EC2 client config as the portal builds it (standard retry), optionally with a handler in its HTTP pipeline.</summary>
    public static AmazonEC2Config ConfigFor(Uri endpoint, HttpClientFactory? http = null)
    {
        var config = AwsSdkConfig.For<AmazonEC2Config>("us-east-1", endpoint.ToString(), new AwsRetryOptions { Timeout = TimeSpan.FromSeconds(10) });
        if (http is not null)
            config.HttpClientFactory = http;
        return config;
    }

    public void Dispose() => _server.Dispose();

    private async Task<LoopbackResponse> AnswerAsync(RecordedRequest request)
    {
        var form = request.Form.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var action = form.GetValueOrDefault("Action", "");
        var requestId = Guid.NewGuid().ToString();
        try
        {
            if (!_actions.TryGetValue(action, out var run))
                throw new AmazonEC2Exception($"The action {action} is not valid for this web service.", ErrorType.Sender, "InvalidAction", requestId, HttpStatusCode.BadRequest);
            return LoopbackResponse.Xml(new XElement(action + "Response", new XElement("requestId", requestId), await run(form)).ToString(SaveOptions.DisableFormatting));
        }
        catch (Exception error)
        {
            // EC2's own errors as EC2 sends them; anything else is a bug here, reported as EC2 reports its own.
            var aws = error as AmazonServiceException;
            var answer = new XElement("Response",
                new XElement("Errors", new XElement("Error", new XElement("Code", aws?.ErrorCode ?? "InternalError"), new XElement("Message", error.Message))),
                new XElement("RequestID", requestId));
            return LoopbackResponse.Xml(answer.ToString(SaveOptions.DisableFormatting), (int)(aws?.StatusCode ?? HttpStatusCode.InternalServerError));
        }
    }

    /// <summary>The actions the portal uses: parameters as AWSSDK.EC2 sends them, answers as EC2 writes them.</summary>
    private Dictionary<string, Func<Form, Task<object?>>> Actions()
    {
        static object Done() => new XElement("return", "true");
        return new()
        {
            ["DescribeAvailabilityZones"] = async _ => new XElement("availabilityZoneInfo",
                (await _sandbox.DescribeAvailabilityZonesAsync()).Select(z => Item(
                    new XElement("zoneName", z.ZoneName), new XElement("zoneState", z.State), new XElement("regionName", z.RegionName)))),
            ["CreateVpc"] = async f => VpcXml("vpc", await _sandbox.CreateVpcAsync(f["CidrBlock"], Tags(f),
                f.GetValueOrDefault("AmazonProvidedIpv6CidrBlock") == "true", f.GetValueOrDefault("InstanceTenancy", "default"))),
            ["ModifyVpcAttribute"] = async f =>
            {
                var (attribute, value) = f.GetValueOrDefault("EnableDnsSupport.Value") is { } support
                    ? (VpcAttribute.EnableDnsSupport, support)
                    : (VpcAttribute.EnableDnsHostnames, f["EnableDnsHostnames.Value"]);
                await _sandbox.ModifyVpcAttributeAsync(f["VpcId"], attribute, bool.Parse(value));
                return Done();
            },
            ["DescribeVpcs"] = async f => Set("vpcSet", await _sandbox.DescribeVpcsAsync(Filters(f)), v => VpcXml("item", v)),
            ["DeleteVpc"] = async f => { await _sandbox.DeleteVpcAsync(f["VpcId"]); return Done(); },
            ["CreateSubnet"] = async f => SubnetXml("subnet", await _sandbox.CreateSubnetAsync(f["VpcId"], f["CidrBlock"], f["AvailabilityZone"], Tags(f),
                f.GetValueOrDefault("Ipv6CidrBlock"))),
            ["ModifySubnetAttribute"] = async f =>
            {
                await _sandbox.ModifySubnetMapPublicIpOnLaunchAsync(f["SubnetId"], bool.Parse(f["MapPublicIpOnLaunch.Value"]));
                return Done();
            },
            ["DescribeSubnets"] = async f => Set("subnetSet", await _sandbox.DescribeSubnetsAsync(Filters(f)), s => SubnetXml("item", s)),
            ["DeleteSubnet"] = async f => { await _sandbox.DeleteSubnetAsync(f["SubnetId"]); return Done(); },
            ["CreateInternetGateway"] = async f => GatewayXml("internetGateway", await _sandbox.CreateInternetGatewayAsync(Tags(f))),
            ["AttachInternetGateway"] = async f => { await _sandbox.AttachInternetGatewayAsync(f["InternetGatewayId"], f["VpcId"]); return Done(); },
            ["DetachInternetGateway"] = async f => { await _sandbox.DetachInternetGatewayAsync(f["InternetGatewayId"], f["VpcId"]); return Done(); },
            ["DescribeInternetGateways"] = async f => Set("internetGatewaySet", await _sandbox.DescribeInternetGatewaysAsync(Filters(f)), g => GatewayXml("item", g)),
            ["DeleteInternetGateway"] = async f => { await _sandbox.DeleteInternetGatewayAsync(f["InternetGatewayId"]); return Done(); },
            ["CreateRouteTable"] = async f => RouteTableXml("routeTable", await _sandbox.CreateRouteTableAsync(f["VpcId"], Tags(f))),
            ["CreateRoute"] = async f =>
            {
                await _sandbox.CreateRouteAsync(f["RouteTableId"], f.GetValueOrDefault("DestinationCidrBlock") ?? f["DestinationIpv6CidrBlock"],
                    new RouteTarget(f.GetValueOrDefault("GatewayId"), f.GetValueOrDefault("NatGatewayId"), f.GetValueOrDefault("EgressOnlyInternetGatewayId")));
                return Done();
            },
            ["DeleteRoute"] = async f => { await _sandbox.DeleteRouteAsync(f["RouteTableId"], f["DestinationCidrBlock"]); return Done(); },
            ["AssociateRouteTable"] = async f => new object[]
            {
                new XElement("associationId", await _sandbox.AssociateRouteTableAsync(f["RouteTableId"], f["SubnetId"])),
                new XElement("associationState", new XElement("state", "associated")),
            },
            ["DisassociateRouteTable"] = async f => { await _sandbox.DisassociateRouteTableAsync(f["AssociationId"]); return Done(); },
            ["DescribeRouteTables"] = async f => Set("routeTableSet", await _sandbox.DescribeRouteTablesAsync(Filters(f)), t => RouteTableXml("item", t)),
            ["DeleteRouteTable"] = async f => { await _sandbox.DeleteRouteTableAsync(f["RouteTableId"]); return Done(); },
            ["AllocateAddress"] = async f =>
            {
                var address = await _sandbox.AllocateAddressAsync(Tags(f));
                return new object[] { new XElement("publicIp", address.PublicIp), new XElement("domain", "vpc"), new XElement("allocationId", address.AllocationId) };
            },
            ["DescribeAddresses"] = async f => Set("addressesSet", await _sandbox.DescribeAddressesAsync(Filters(f)), a => Item(
                new XElement("publicIp", a.PublicIp), new XElement("allocationId", a.AllocationId), new XElement("domain", "vpc"),
                a.AssociationId is null ? null : new XElement("associationId", a.AssociationId), TagSet(a.Tags))),
            ["ReleaseAddress"] = async f => { await _sandbox.ReleaseAddressAsync(f["AllocationId"]); return Done(); },
            ["CreateNatGateway"] = async f => new object[]
            {
                new XElement("clientToken", f.GetValueOrDefault("ClientToken")),
                NatXml("natGateway", await _sandbox.CreateNatGatewayAsync(f["SubnetId"], f["AllocationId"], f["ClientToken"], Tags(f))),
            },
            // DescribeNatGateways takes its filters as "Filter.N", like the others.
            ["DescribeNatGateways"] = async f => Set("natGatewaySet", await _sandbox.DescribeNatGatewaysAsync(Filters(f)), n => NatXml("item", n)),
            ["DeleteNatGateway"] = async f =>
            {
                await _sandbox.DeleteNatGatewayAsync(f["NatGatewayId"]);
                return new XElement("natGatewayId", f["NatGatewayId"]);
            },
            ["CreateEgressOnlyInternetGateway"] = async f => EgressXml("egressOnlyInternetGateway",
                await _sandbox.CreateEgressOnlyInternetGatewayAsync(f["VpcId"], f["ClientToken"], Tags(f))),
            ["DescribeEgressOnlyInternetGateways"] = async f => Set("egressOnlyInternetGatewaySet",
                await _sandbox.DescribeEgressOnlyInternetGatewaysAsync(Filters(f)), g => EgressXml("item", g)),
            ["DeleteEgressOnlyInternetGateway"] = async f =>
            {
                await _sandbox.DeleteEgressOnlyInternetGatewayAsync(f["EgressOnlyInternetGatewayId"]);
                return new XElement("returnCode", "true");
            },
            ["CreateVpcEndpoint"] = async f => EndpointXml("vpcEndpoint", await _sandbox.CreateGatewayVpcEndpointAsync(f["VpcId"], f["ServiceName"],
                [.. Numbered(f, "RouteTableId", "").Select(n => f[$"RouteTableId.{n.ToString(CultureInfo.InvariantCulture)}"])], f["ClientToken"], Tags(f))),
            ["DescribeVpcEndpoints"] = async f => Set("vpcEndpointSet", await _sandbox.DescribeVpcEndpointsAsync(Filters(f)), e => EndpointXml("item", e)),
            ["DeleteVpcEndpoints"] = async f =>
            {
                await _sandbox.DeleteVpcEndpointsAsync([.. Numbered(f, "VpcEndpointId", "").Select(n => f[$"VpcEndpointId.{n.ToString(CultureInfo.InvariantCulture)}"])]);
                return new XElement("unsuccessful");
            },
        };
    }

    /// <summary>EC2 lists are numbered from 1: <c>Filter.1.Name</c>, <c>Filter.1.Value.1</c>, ...</summary>
    private static IEnumerable<int> Numbered(Form form, string prefix, string suffix)
    {
        for (var n = 1; form.ContainsKey($"{prefix}.{n.ToString(CultureInfo.InvariantCulture)}{suffix}"); n++)
            yield return n;
    }

    private static List<Ec2Filter> Filters(Form form) =>
    [
        .. Numbered(form, "Filter", ".Name").Select(n => new Ec2Filter(
            form[$"Filter.{n}.Name"], [.. Numbered(form, $"Filter.{n}.Value", "").Select(v => form[$"Filter.{n}.Value.{v}"])])),
    ];

    private static List<Ec2Tag> Tags(Form form) =>
        [.. Numbered(form, "TagSpecification.1.Tag", ".Key").Select(n => new Ec2Tag(form[$"TagSpecification.1.Tag.{n}.Key"], form.GetValueOrDefault($"TagSpecification.1.Tag.{n}.Value", "")))];

    private static XElement Item(params object?[] content) => new("item", content);

    private static XElement Set<T>(string name, IEnumerable<T> items, Func<T, XElement> item) => new(name, items.Select(item));

    private static XElement TagSet(IEnumerable<Ec2Tag> tags) => Set("tagSet", tags, t => Item(new XElement("key", t.Key), new XElement("value", t.Value)));

    private static string Flag(bool value) => value ? "true" : "false";

    private static XElement VpcXml(string name, Vpc v) => new(name,
        new XElement("vpcId", v.VpcId), new XElement("state", v.State), new XElement("cidrBlock", v.CidrBlock),
        new XElement("instanceTenancy", v.InstanceTenancy),
        v.Ipv6CidrBlock is null ? null : new XElement("ipv6CidrBlockAssociationSet", Item(
            new XElement("ipv6CidrBlock", v.Ipv6CidrBlock), new XElement("ipv6CidrBlockState", new XElement("state", "associated")))),
        new XElement("isDefault", Flag(v.IsDefault)), TagSet(v.Tags));

    private static XElement SubnetXml(string name, Subnet s) => new(name,
        new XElement("subnetId", s.SubnetId), new XElement("state", s.State), new XElement("vpcId", s.VpcId), new XElement("cidrBlock", s.CidrBlock),
        s.Ipv6CidrBlock is null ? null : new XElement("ipv6CidrBlockAssociationSet", Item(
            new XElement("ipv6CidrBlock", s.Ipv6CidrBlock), new XElement("ipv6CidrBlockState", new XElement("state", "associated")))),
        new XElement("availabilityZone", s.AvailabilityZone), new XElement("mapPublicIpOnLaunch", Flag(s.MapPublicIpOnLaunch)), TagSet(s.Tags));

    private static XElement NatXml(string name, NatGateway n) => new(name,
        new XElement("natGatewayId", n.NatGatewayId), new XElement("vpcId", n.VpcId), new XElement("subnetId", n.SubnetId), new XElement("state", n.State),
        new XElement("connectivityType", "public"),
        n.FailureCode is null ? null : new XElement("failureCode", n.FailureCode), n.FailureMessage is null ? null : new XElement("failureMessage", n.FailureMessage),
        new XElement("natGatewayAddressSet", Item(new XElement("allocationId", n.AllocationId), n.PublicIp is null ? null : new XElement("publicIp", n.PublicIp))),
        TagSet(n.Tags));

    private static XElement EgressXml(string name, EgressOnlyInternetGateway g) => new(name,
        new XElement("egressOnlyInternetGatewayId", g.EgressOnlyInternetGatewayId),
        Set("attachmentSet", g.Attachments, a => Item(new XElement("state", a.State), new XElement("vpcId", a.VpcId))),
        TagSet(g.Tags));

    private static XElement EndpointXml(string name, VpcEndpoint e) => new(name,
        new XElement("vpcEndpointId", e.VpcEndpointId), new XElement("vpcEndpointType", e.VpcEndpointType), new XElement("vpcId", e.VpcId),
        new XElement("serviceName", e.ServiceName), new XElement("state", e.State),
        Set("routeTableIdSet", e.RouteTableIds, id => Item(id)), TagSet(e.Tags));

    private static XElement GatewayXml(string name, InternetGateway g) => new(name,
        new XElement("internetGatewayId", g.InternetGatewayId),
        Set("attachmentSet", g.Attachments, a => Item(new XElement("vpcId", a.VpcId), new XElement("state", a.State))),
        TagSet(g.Tags));

    private static XElement RouteTableXml(string name, RouteTable t) => new(name,
        new XElement("routeTableId", t.RouteTableId), new XElement("vpcId", t.VpcId),
        Set("routeSet", t.Routes, r => Item(
            r.DestinationCidrBlock is null ? null : new XElement("destinationCidrBlock", r.DestinationCidrBlock),
            r.DestinationIpv6CidrBlock is null ? null : new XElement("destinationIpv6CidrBlock", r.DestinationIpv6CidrBlock),
            r.GatewayId is null ? null : new XElement("gatewayId", r.GatewayId),
            r.NatGatewayId is null ? null : new XElement("natGatewayId", r.NatGatewayId),
            r.EgressOnlyInternetGatewayId is null ? null : new XElement("egressOnlyInternetGatewayId", r.EgressOnlyInternetGatewayId),
            new XElement("state", r.State))),
        Set("associationSet", t.Associations, a => Item(
            new XElement("routeTableAssociationId", a.RouteTableAssociationId), new XElement("routeTableId", t.RouteTableId),
            a.SubnetId is null ? null : new XElement("subnetId", a.SubnetId), new XElement("main", Flag(a.Main)))),
        TagSet(t.Tags));
}
