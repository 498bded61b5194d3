using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Portal.Core.Aws;
using Portal.Core.Notifications;
using Portal.Core.RuntimeConfig;
using Portal.Core.Tests.Aws;

namespace Portal.Core.Tests.RuntimeConfig;

public sealed class RuntimeParameterTests
{
    private const string Name = "/portal/staging/runtime";

    [Fact]
    public void A_full_runtime_json_maps_onto_the_portals_configuration_keys()
    {
        var keys = RuntimeParameter.Parse(Name, RuntimeJson.Sample().ToJsonString()).ToConfiguration();

        var expected = new Dictionary<string, string?>
        {
            ["Portal:Aws:Region"] = "eu-west-1",
            ["Portal:Aws:Bucket"] = "portal-staging-data-filesbucket1a2b3c-xyz",
            ["Portal:Aws:Tables:Vpcs"] = "portal-staging-vpcs",
            ["Portal:Aws:Tables:TokenRuns"] = "portal-staging-token-runs",
            ["Portal:Aws:Tables:Leases"] = "portal-staging-leases",
            ["Portal:Aws:Tables:Notifications"] = "portal-staging-notifications",
            ["Portal:Aws:Tables:Orders"] = "portal-staging-orders",
            ["Portal:Aws:Tables:LoadJobs"] = "portal-staging-load-jobs",
            ["Portal:Aws:Tables:Sessions"] = "portal-staging-sessions",
            ["Portal:Aws:Tables:Audit"] = "portal-staging-audit",
            ["Portal:Aws:Tables:Pipeline"] = "portal-staging-pipeline",
            ["Portal:Notifications:Topics:tokens"] = "arn:aws:sns:eu-west-1:123456789012:portal-staging-tokens",
            ["Portal:Notifications:Topics:orders"] = "arn:aws:sns:eu-west-1:123456789012:portal-staging-orders",
            ["Portal:Tokens:SecretArn"] = RuntimeJson.TokenSecretArn,
            ["Portal:Orders:Queue"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/portal-staging-orders-ingest",
            ["Portal:Orders:DeadLetterQueue"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/portal-staging-orders-ingest-dlq",
            ["Portal:Notifications:Inbox"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/portal-staging-notifications-inbox",
            ["Portal:Auth:UserPoolId"] = "eu-west-1_AbCdEfGhI",
            ["Portal:Auth:Authority"] = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI",
            ["Portal:Auth:ClientId"] = "1a2b3c4d5e6f7g8h9i0jklmnop",
            ["Portal:Auth:HostedUiDomain"] = "acme-portal-staging.auth.eu-west-1.amazoncognito.com",
            ["Portal:Auth:AdminGroup"] = "portal-admins",
            ["Portal:Auth:AllowedApiClients:0"] = "2b3c4d5e6f7g8h9i0jklmnopq",
            ["Portal:Auth:AllowedApiClients:1"] = "3c4d5e6f7g8h9i0jklmnopqr",
        };
        Assert.Equal(expected.OrderBy(p => p.Key), keys.OrderBy(p => p.Key));
    }

    [Fact]
    public void The_keys_bind_onto_the_options_classes()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(RuntimeParameter.Parse(Name, RuntimeJson.Sample().ToJsonString()).ToConfiguration())
            .Build();

        var aws = configuration.GetSection(AwsOptions.Section).Get<AwsOptions>()!;
        var notifications = configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>()!;

        Assert.Equal(("eu-west-1", "portal-staging-orders", "portal-staging-load-jobs"), (aws.Region, aws.Tables.Orders, aws.Tables.LoadJobs));
        Assert.Equal("portal-ec2-sandbox", aws.Tables.Ec2Sandbox); // not in AWS: the EC2 sandbox is local only
        Assert.Equal("arn:aws:sns:eu-west-1:123456789012:portal-staging-orders", notifications.Topics["orders"]);
        Assert.Equal(["2b3c4d5e6f7g8h9i0jklmnopq", "3c4d5e6f7g8h9i0jklmnopqr"],
            configuration.GetSection("Portal:Auth:AllowedApiClients").Get<string[]>()!);
    }

    [Theory]
    [InlineData("https://acme.auth.eu-west-1.amazoncognito.com", "acme.auth.eu-west-1.amazoncognito.com")]
    [InlineData("https://acme.auth.eu-west-1.amazoncognito.com/", "acme.auth.eu-west-1.amazoncognito.com")]
    [InlineData("login.example.com", "login.example.com")]
    public void The_hosted_ui_domain_becomes_a_host_name(string published, string expected)
    {
        var json = RuntimeJson.Sample();
        json["cognito"]!["hostedUiDomain"] = published;

        var keys = RuntimeParameter.Parse(Name, json.ToJsonString()).ToConfiguration();

        Assert.Equal(expected, keys["Portal:Auth:HostedUiDomain"]);
    }

    [Theory]
    [InlineData("bucket")]
    [InlineData("tables.orders")]
    [InlineData("topics.tokens")]
    [InlineData("cognito.clientId")]
    [InlineData("cognito.machineClientIds")]
    [InlineData("cognito")]
    public void A_missing_key_is_named_with_its_path_and_the_parameter(string path)
    {
        var json = RuntimeJson.Sample();
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate((JsonNode)json, (node, part) => node[part]!);
        parent.AsObject().Remove(parts[^1]);

        var error = Assert.Throws<RuntimeConfigurationException>(() => RuntimeParameter.Parse(Name, json.ToJsonString()));

        Assert.Contains($"has no key '{path}'", error.Message);
        Assert.Contains(Name, error.Message);
    }

    [Fact]
    public void An_empty_or_non_string_value_is_named()
    {
        var json = RuntimeJson.Sample();
        json["tables"]!["vpcs"] = " ";
        var empty = Assert.Throws<RuntimeConfigurationException>(() => RuntimeParameter.Parse(Name, json.ToJsonString()));

        json = RuntimeJson.Sample();
        json["tables"] = new JsonArray("portal-vpcs");
        var notObject = Assert.Throws<RuntimeConfigurationException>(() => RuntimeParameter.Parse(Name, json.ToJsonString()));

        Assert.Contains("key 'tables.vpcs' must be a non-empty string", empty.Message);
        Assert.Contains("key 'tables' must be a JSON object", notObject.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"environment\": \"staging\",")]
    [InlineData("")]
    public void Text_that_is_not_json_is_reported_with_the_parameter_name(string value)
    {
        var error = Assert.Throws<RuntimeConfigurationException>(() => RuntimeParameter.Parse(Name, value));

        Assert.StartsWith($"SSM parameter '{Name}' is not valid JSON", error.Message);
    }

    [Fact]
    public void A_json_array_instead_of_an_object_is_refused()
    {
        var error = Assert.Throws<RuntimeConfigurationException>(() => RuntimeParameter.Parse(Name, "[1,2]"));

        Assert.StartsWith($"SSM parameter '{Name}' must hold a JSON object (got Array)", error.Message);
    }
}
