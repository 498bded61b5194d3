using Microsoft.Extensions.Configuration;
using Portal.Core.RuntimeConfig;

namespace Portal.Core.Tests.RuntimeConfig;

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

    [Fact]
    public void Retry_settings_are_bound_for_the_start_up_clients_and_a_bad_one_names_its_key()
    {
        var settings = From(new() { ["Portal:Aws:Region"] = "eu-west-1", ["Portal:Aws:Retry:MaxErrorRetry"] = "4", ["Portal:Aws:Retry:Timeout"] = "00:00:12" });
        Assert.Equal((4, TimeSpan.FromSeconds(12)), (settings.Retry.MaxErrorRetry, settings.Retry.Timeout));

        var error = Assert.Throws<RuntimeConfigurationException>(() => From(new() { ["Portal:Aws:Region"] = "eu-west-1", ["Portal:Aws:Retry:MaxErrorRetry"] = "-1" }));
        Assert.StartsWith("Portal:Aws:Retry:MaxErrorRetry must be 0 to 10 (got -1)", error.Message);
    }
}
