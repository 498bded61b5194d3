using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Infra.Tests.Stacks;

[Collection(CdkCollection.Name)]
public sealed class RuntimeConfigStackTests(SynthesizedPortal portal)
{
    /// <summary>Every key the portal reads (infra/README.md documents the same list).</summary>
    private static readonly string[] DocumentedKeyList =
    [
        "environment", "region",
        "tables.vpcs", "tables.tokenRuns", "tables.leases", "tables.notifications", "tables.orders", "tables.loadJobs", "tables.sessions",
        "tables.audit", "tables.pipeline",
        "indexes.vpcsNewestFirst", "indexes.ordersByStatus",
        "bucket", "topics.tokens", "topics.orders", "tokenSecretArn", "ordersQueueUrl", "ordersDeadLetterQueueUrl", "notificationsInboxUrl",
        "cognito.userPoolId", "cognito.issuer", "cognito.clientId", "cognito.hostedUiDomain", "cognito.adminGroup",
        "cognito.machineClientIds.ordersApi", "cognito.machineClientIds.tokenJob",
    ];

    public static TheoryData<string> DocumentedKeys => new(DocumentedKeyList);

    [Fact]
    public void Stack_holds_exactly_one_string_parameter_named_for_the_environment()
    {
        portal.RuntimeConfig.ResourceCountIs("AWS::SSM::Parameter", 1);
        var parameter = Parameter();
        Assert.Equal($"/portal/{SynthesizedPortal.Environment}/runtime", parameter.GetProperty("Name").GetString());
        Assert.Equal("String", parameter.GetProperty("Type").GetString());
    }

    [Theory]
    [MemberData(nameof(DocumentedKeys))]
    public void Runtime_json_has_every_documented_key(string path)
    {
        var (json, _) = ResolvedRuntimeJson();
        var value = Walk(json, path);
        Assert.False(string.IsNullOrEmpty(value), $"'{path}' is empty in the runtime JSON");
    }

    [Fact]
    public void Runtime_json_has_no_keys_beyond_the_documented_ones()
    {
        var (json, _) = ResolvedRuntimeJson();
        Assert.Equal(DocumentedKeyList.Order(), LeafPaths(json, prefix: "").Order());
    }

    [Theory]
    [InlineData("tables.orders", "OrdersTable")]
    [InlineData("tables.vpcs", "VpcsTable")]
    [InlineData("tables.loadJobs", "LoadJobsTable")]
    [InlineData("tables.sessions", "SessionsTable")]
    [InlineData("tables.audit", "AuditTable")]
    [InlineData("bucket", "FilesBucket")]
    [InlineData("topics.tokens", "TokensTopic")]
    [InlineData("topics.orders", "OrdersTopic")]
    [InlineData("tokenSecretArn", "TokenApiSecret")]
    [InlineData("ordersQueueUrl", "OrdersIngestQueue")]
    [InlineData("ordersDeadLetterQueueUrl", "OrdersIngestDeadLetterQueue")]
    [InlineData("cognito.userPoolId", "UserPool")]
    [InlineData("cognito.clientId", "PortalClient")]
    [InlineData("cognito.machineClientIds.ordersApi", "OrdersApiClient")]
    [InlineData("cognito.machineClientIds.tokenJob", "TokenJobClient")]
    public void Values_are_resolved_by_cloudformation_from_the_right_resource(string path, string logicalIdPart)
    {
        var (json, tokens) = ResolvedRuntimeJson();
        var value = Walk(json, path);
        var token = Assert.Single(tokens, t => t.Key == value).Value;
        // The value comes from the other stack's export of exactly that resource (clients are children of the pool).
        Assert.Matches($"ExportsOutput(Ref|FnGetAtt)(UserPool)?{logicalIdPart}[0-9A-F]{{8}}", token);
    }

    [Fact]
    public void Constant_values_are_written_into_the_json()
    {
        var (json, tokens) = ResolvedRuntimeJson();
        Assert.Equal(SynthesizedPortal.Environment, Walk(json, "environment"));
        Assert.Equal("portal-admins", Walk(json, "cognito.adminGroup"));
        Assert.Equal("byStatus", Walk(json, "indexes.ordersByStatus"));
        Assert.Equal("newestFirst", Walk(json, "indexes.vpcsNewestFirst"));
        Assert.Contains("AWS::Region", tokens[Walk(json, "region")!]);
    }

    [Fact]
    public void Hosted_ui_domain_and_issuer_are_cognito_urls()
    {
        var (json, _) = ResolvedRuntimeJson();
        Assert.Matches(@"^https://«\d+»\.auth\.«\d+»\.amazoncognito\.com$", Walk(json, "cognito.hostedUiDomain"));
        Assert.Matches(@"^https://cognito-idp\.«\d+»\.«\d+»/«\d+»$", Walk(json, "cognito.issuer"));
    }

    private JsonElement Parameter() =>
        Assert.Single(TemplateJson.ResourcesOfType(portal.RuntimeConfig, "AWS::SSM::Parameter")).Properties;

    /// <summary>
    /// Concatenates the Fn::Join parts the way CloudFormation will, with every intrinsic (Ref,
    /// ImportValue, ...) replaced by a marker «n»; returns the parsed JSON and what each marker stands for.
    /// </summary>
    private (JsonNode Json, Dictionary<string, string> Tokens) ResolvedRuntimeJson()
    {
        var join = Parameter().GetProperty("Value").GetProperty("Fn::Join");
        Assert.Equal("", join[0].GetString());

        var tokens = new Dictionary<string, string>();
        var text = string.Concat(join[1].EnumerateArray().Select(part =>
        {
            if (part.ValueKind == JsonValueKind.String)
            {
                return part.GetString();
            }

            var marker = $"«{tokens.Count}»";
            tokens[marker] = part.GetRawText();
            return marker;
        }));

        var json = JsonNode.Parse(text) ?? throw new InvalidOperationException("runtime JSON is null");
        // A marker that is not a whole value (e.g. inside a URL) stays a substring; whole values map 1:1.
        return (json, tokens);
    }

    private static string? Walk(JsonNode json, string path)
    {
        JsonNode? node = json;
        foreach (var key in path.Split('.'))
        {
            node = node?[key];
        }

        return node?.GetValue<string>();
    }

    private static IEnumerable<string> LeafPaths(JsonNode node, string prefix) =>
        node is JsonObject obj
            ? obj.SelectMany(p => LeafPaths(p.Value!, prefix.Length == 0 ? p.Key : $"{prefix}.{p.Key}"))
            : [prefix];
}
