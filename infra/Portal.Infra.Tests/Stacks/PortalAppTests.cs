using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Portal.Infra.Hosting;

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
        var app = TestApp.Create(context);

        var error = Assert.Throws<ArgumentException>(() => PortalApp.Build(app));

        Assert.Contains("'Main_1'", error.Message);
        Assert.Empty(app.Node.Children);
    }

    [Fact]
    public void Image_built_from_a_folder_synthesizes_offline_and_adds_only_the_ecr_token_star_grant()
    {
        var folder = Directory.CreateTempSubdirectory("portal-image-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "Dockerfile"), "FROM scratch\n");
            var context = ValidContext.For("staging");
            context.Remove("image");
            context.Remove("tag");
            context["containerAssetPath"] = folder.FullName;

            var hosting = Template.FromStack(PortalApp.Build(TestApp.Create(context)).Hosting);

            var (_, taskDefinition) = Assert.Single(TemplateJson.ResourcesOfType(hosting, "AWS::ECS::TaskDefinition"));
            Assert.Contains("cdk-hnb659fds-container-assets", taskDefinition.GetProperty("ContainerDefinitions")[0].GetProperty("Image").GetRawText());

            var starActions = TemplateJson.ResourcesOfType(hosting, "AWS::IAM::Policy")
                .SelectMany(p => p.Properties.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
                .Where(s => s.GetProperty("Resource").ValueKind == JsonValueKind.String && s.GetProperty("Resource").GetString() == "*")
                .SelectMany(s => TemplateJson.Items(s.GetProperty("Action")).Select(a => a.GetString()!))
                .Order()
                .ToList();
            Assert.Equal(PortalTaskRole.DescribeActionsOnAnyResource.Concat(HostingStack.ExecutionRoleActionsOnAnyResource).Order(), starActions);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
