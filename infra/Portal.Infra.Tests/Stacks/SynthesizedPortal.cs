using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace Portal.Infra.Tests.Stacks;

/// <summary>
/// One synthesized app for every stack test: synthesis goes through the jsii node process and
/// takes seconds, so it happens once per test run instead of once per test.
/// </summary>
public sealed class SynthesizedPortal
{
    public const string Environment = "feature-x";

    public PortalStacks Stacks { get; }
    public Template Identity { get; }
    public Template Data { get; }
    public Template RuntimeConfig { get; }
    public Template Hosting { get; }

    public IReadOnlyList<(string Stack, Template Template)> All =>
        [("identity", Identity), ("data", Data), ("config", RuntimeConfig), ("hosting", Hosting)];

    public SynthesizedPortal()
    {
        var app = TestApp.Create(ValidContext.For(Environment));
        Stacks = PortalApp.Build(app);
        Identity = Template.FromStack(Stacks.Identity);
        Data = Template.FromStack(Stacks.Data);
        RuntimeConfig = Template.FromStack(Stacks.RuntimeConfig);
        Hosting = Template.FromStack(Stacks.Hosting);
    }
}

/// <summary>
/// All tests that talk to the CDK share the synthesized app and run one after another:
/// they share one jsii node process.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CdkCollection : ICollectionFixture<SynthesizedPortal>
{
    public const string Name = "cdk";
}
