using Amazon.CDK;
using Portal.Infra.Data;
using Portal.Infra.Hosting;
using Portal.Infra.Identity;
using Portal.Infra.RuntimeConfig;
using Portal.Infra.Settings;

namespace Portal.Infra;

/// <summary>The four stacks of one portal environment, named `portal-{env}-*`.</summary>
public sealed record PortalStacks(
    IdentityStack Identity,
    DataStack Data,
    RuntimeConfigStack RuntimeConfig,
    HostingStack Hosting);

public static class PortalApp
{
    /// <summary>Adds the portal's stacks for the environment the context names.</summary>
    public static PortalStacks Build(App app)
    {
        var settings = DeploymentSettings.FromContext(key => app.Node.TryGetContext(key));
        return Build(app, settings);
    }

    public static PortalStacks Build(App app, DeploymentSettings settings)
    {
        var props = new StackProps
        {
            // Unset outside `cdk` (e.g. in tests): the stacks are then environment-agnostic.
            Env = new Amazon.CDK.Environment
            {
                Account = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT"),
                Region = System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION"),
            },
            Tags = new Dictionary<string, string>
            {
                ["portal:environment"] = settings.Environment.Value,
                ["portal:component"] = "portal",
            },
        };

        var prefix = settings.NamePrefix;
        var identity = new IdentityStack(app, $"{prefix}-identity", settings, props);
        var data = new DataStack(app, $"{prefix}-data", settings, props);
        var runtimeConfig = new RuntimeConfigStack(app, $"{prefix}-config", settings, identity, data, props);
        var hosting = new HostingStack(app, $"{prefix}-hosting", settings, identity, data,
            runtimeConfig.Parameter.ParameterArn, props);

        return new PortalStacks(identity, data, runtimeConfig, hosting);
    }
}
