using Amazon.CDK;

namespace Portal.Infra.Tests.Stacks;

[Collection(CdkCollection.Name)]
public sealed class PortalAppTests(SynthesizedPortal portal)
{
    [Fact]
    public void Stacks_are_named_for_the_environment()
    {
        Assert.Equal("portal-feature-x-identity", portal.Stacks.Identity.StackName);
        Assert.Equal("portal-feature-x-data", portal.Stacks.Data.StackName);
        Assert.Equal("portal-feature-x-config", portal.Stacks.RuntimeConfig.StackName);
        Assert.Equal("portal-feature-x-hosting", portal.Stacks.Hosting.StackName);
    }

    [Fact]
    public void Invalid_environment_in_context_stops_the_app_before_any_stack_exists()
    {
        var context = ValidContext.For("Main_1");
        var app = new App(new AppProps { Context = context });

        var error = Assert.Throws<ArgumentException>(() => PortalApp.Build(app));

        Assert.Contains("'Main_1'", error.Message);
        Assert.Empty(app.Node.Children);
    }
}
