using Microsoft.Extensions.Configuration;
using Portal.Core.Aws;

namespace Portal.Core.Tests.Aws;

public sealed class RuntimeConfigurationSettingsTests
{
    private static RuntimeConfigurationSettings From(Dictionary<string, string?> settings, Dictionary<string, string>? environment = null) =>
        RuntimeConfigurationSettings.From(
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null);

    [Fact]
    public void The_parameter_name_comes_from_the_environment_and_the_region_from_portal_aws_region()
    {
        var settings = From(new() { ["Portal:Environment"] = "staging", ["Portal:Aws:Region"] = "eu-west-1" },
            new() { ["AWS_REGION"] = "us-west-2" });

        Assert.Equal(("staging", "/portal/staging/runtime", "eu-west-1"), (settings.Environment, settings.ParameterName, settings.Region));
        Assert.Null(settings.SsmServiceUrl);
        Assert.Null(settings.SecretsManagerServiceUrl);
    }

    [Fact]
    public void Without_portal_aws_region_the_region_is_aws_region_then_aws_default_region()
    {
        Assert.Equal("us-west-2", From(new() { ["Portal:Environment"] = "main" }, new() { ["AWS_REGION"] = "us-west-2", ["AWS_DEFAULT_REGION"] = "eu-north-1" }).Region);
        Assert.Equal("eu-north-1", From(new() { ["Portal:Aws:Region"] = "" }, new() { ["AWS_DEFAULT_REGION"] = "eu-north-1" }).Region);
        var none = Assert.Throws<RuntimeConfigurationException>(() => From(new()));
        Assert.Contains("No region to read '/portal/main/runtime'", none.Message);
    }

    [Fact]
    public void Portal_runtime_parameter_overrides_the_name_and_the_endpoints_are_read()
    {
        var settings = From(new()
        {
            ["Portal:Environment"] = "feature-x",
            ["Portal:RuntimeParameter"] = "/shared/portal/feature-x",
            ["Portal:Aws:Region"] = "eu-west-1",
            ["Portal:Aws:SsmServiceUrl"] = "http://127.0.0.1:4999",
            ["Portal:Aws:SecretsManagerServiceUrl"] = "https://vpce-1.secretsmanager.eu-west-1.vpce.amazonaws.com",
        });

        Assert.Equal("/shared/portal/feature-x", settings.ParameterName);
        Assert.Equal(new Uri("http://127.0.0.1:4999"), settings.SsmServiceUrl);
        Assert.Equal(new Uri("https://vpce-1.secretsmanager.eu-west-1.vpce.amazonaws.com"), settings.SecretsManagerServiceUrl);
    }

    [Theory]
    [InlineData("Portal:Environment", "Staging", "Portal:Environment must be lowercase")]
    [InlineData("Portal:RuntimeParameter", "portal/main/runtime", "Portal:RuntimeParameter must be a full SSM parameter name")]
    [InlineData("Portal:Aws:Region", "Ireland", "Portal:Aws:Region: 'Ireland' is not an AWS region name")]
    [InlineData("Portal:Aws:SsmServiceUrl", "127.0.0.1:4999", "Portal:Aws:SsmServiceUrl must be an absolute http(s) URL")]
    public void A_bad_setting_is_named(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { ["Portal:Aws:Region"] = "eu-west-1", [key] = value };

        var error = Assert.Throws<RuntimeConfigurationException>(() => From(settings));

        Assert.StartsWith(message, error.Message);
    }
}
