using Amazon.CDK.Assertions;

namespace Portal.Infra.Tests.Stacks;

[Collection(CdkCollection.Name)]
public sealed class HostingStackTests(SynthesizedPortal portal)
{
    private Template Hosting => portal.Hosting;

    [Fact]
    public void Has_one_vpc_over_two_azs_with_one_nat_and_one_fargate_service_behind_one_load_balancer()
    {
        Hosting.ResourceCountIs("AWS::EC2::VPC", 1);
        Hosting.ResourceCountIs("AWS::EC2::Subnet", 4);
        Hosting.ResourceCountIs("AWS::EC2::NatGateway", 1);
        Hosting.ResourceCountIs("AWS::ECS::Cluster", 1);
        Hosting.ResourceCountIs("AWS::ECS::Service", 1);
        Hosting.ResourceCountIs("AWS::ECS::TaskDefinition", 1);
        Hosting.ResourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 1);
        Hosting.ResourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 2);
        Hosting.ResourceCountIs("AWS::IAM::Role", 2);
        Hosting.HasResourceProperties("AWS::ECS::Service", Match.ObjectLike(new Dictionary<string, object> { ["LaunchType"] = "FARGATE" }));
        Hosting.HasResourceProperties("AWS::EC2::VPC", Match.ObjectLike(new Dictionary<string, object> { ["CidrBlock"] = "10.40.0.0/16" }));
    }

    [Fact]
    public void Circuits_stick_to_their_task_through_an_idle_timeout_fit_for_websockets()
    {
        Hosting.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["TargetGroupAttributes"] = Match.ArrayWith(new object[]
            {
                new Dictionary<string, object> { ["Key"] = "stickiness.enabled", ["Value"] = "true" },
                new Dictionary<string, object> { ["Key"] = "stickiness.type", ["Value"] = "lb_cookie" },
                new Dictionary<string, object> { ["Key"] = "stickiness.lb_cookie.duration_seconds", ["Value"] = "28800" },
                new Dictionary<string, object> { ["Key"] = "deregistration_delay.timeout_seconds", ["Value"] = "120" },
            }),
        }));
        Hosting.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.ObjectLike(new Dictionary<string, object>
        {
            ["LoadBalancerAttributes"] = Match.ArrayWith(new object[]
            {
                new Dictionary<string, object> { ["Key"] = "idle_timeout.timeout_seconds", ["Value"] = "120" },
            }),
        }));
        Hosting.HasResourceProperties("AWS::ECS::Service", Match.ObjectLike(new Dictionary<string, object> { ["DesiredCount"] = 2 }));
    }

    [Fact]
    public void Https_listener_uses_the_certificate_from_context()
    {
        Hosting.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Port"] = 443,
            ["Protocol"] = "HTTPS",
            ["Certificates"] = new object[] { new Dictionary<string, object> { ["CertificateArn"] = ValidContext.CertificateArn } },
            ["SslPolicy"] = Match.StringLikeRegexp("^ELBSecurityPolicy-TLS13"),
        }));
    }

    [Fact]
    public void Http_listener_only_redirects_to_https()
    {
        Hosting.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Port"] = 80,
            ["Protocol"] = "HTTP",
            ["DefaultActions"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["Type"] = "redirect",
                    ["RedirectConfig"] = Match.ObjectLike(new Dictionary<string, object>
                    {
                        ["Protocol"] = "HTTPS",
                        ["Port"] = "443",
                        ["StatusCode"] = "HTTP_301",
                    }),
                },
            },
        }));
    }

    [Fact]
    public void Container_runs_the_portal_in_aws_mode_for_its_environment_with_the_client_secret_injected()
    {
        var (_, taskDefinition) = Assert.Single(TemplateJson.ResourcesOfType(Hosting, "AWS::ECS::TaskDefinition"));
        var container = Assert.Single(taskDefinition.GetProperty("ContainerDefinitions").EnumerateArray().ToList());

        Assert.Equal("123456789012.dkr.ecr.eu-west-1.amazonaws.com/portal:1.4.2", container.GetProperty("Image").GetString());
        var environment = container.GetProperty("Environment").EnumerateArray()
            .ToDictionary(e => e.GetProperty("Name").GetString()!, e => e.GetProperty("Value"));
        Assert.Equal("Aws", environment["Portal__Mode"].GetString());
        Assert.Equal(SynthesizedPortal.Environment, environment["Portal__Environment"].GetString());
        Assert.Equal($"/portal/{SynthesizedPortal.Environment}/runtime", environment["Portal__RuntimeParameter"].GetString());
        // The portal must read the runtime parameter in the stack's own region.
        Assert.Equal("""{"Ref":"AWS::Region"}""", environment["Portal__Aws__Region"].GetRawText().Replace(" ", ""));

        var secrets = container.GetProperty("Secrets").EnumerateArray()
            .ToDictionary(e => e.GetProperty("Name").GetString()!, e => e.GetProperty("ValueFrom").GetRawText());
        Assert.Equal(["Portal__Auth__ClientSecret", "Portal__PageTokens__Key"], secrets.Keys.Order().ToArray());
        Assert.Contains("PortalClientSecret", secrets["Portal__Auth__ClientSecret"]);
        Assert.Contains("PageTokenKey", secrets["Portal__PageTokens__Key"]);
        Assert.Equal(8080, container.GetProperty("PortMappings")[0].GetProperty("ContainerPort").GetInt32());
    }

    [Fact]
    public void Task_runs_as_the_portal_task_role()
    {
        var (_, taskDefinition) = Assert.Single(TemplateJson.ResourcesOfType(Hosting, "AWS::ECS::TaskDefinition"));
        var roleRef = taskDefinition.GetProperty("TaskRoleArn").GetProperty("Fn::GetAtt")[0].GetString();
        Assert.StartsWith("TaskRole", roleRef);
        Hosting.HasResourceProperties("AWS::IAM::Role", Match.ObjectLike(new Dictionary<string, object>
        {
            ["RoleName"] = $"portal-{SynthesizedPortal.Environment}-task",
        }));
    }

    [Fact]
    public void Target_group_checks_the_portals_liveness_endpoint()
    {
        Hosting.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["HealthCheckPath"] = "/health/live",
            ["Port"] = 80,
            ["Protocol"] = "HTTP",
        }));
    }

    [Fact]
    public void The_page_token_key_is_generated_as_valid_base64_of_at_least_32_bytes()
    {
        // 44 characters from [A-Za-z0-9] decode as base64 to 33 bytes, what Portal:PageTokens:Key needs (>= 32).
        Hosting.HasResourceProperties("AWS::SecretsManager::Secret", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Name"] = $"portal-{SynthesizedPortal.Environment}/page-token-key",
            ["GenerateSecretString"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["PasswordLength"] = 44,
                ["ExcludePunctuation"] = true,
                ["IncludeSpace"] = false,
            }),
        }));
        var sample = new string('a', 22) + new string('Z', 11) + new string('7', 11);
        var bytes = new byte[44];
        Assert.True(Convert.TryFromBase64String(sample, bytes, out var written));
        Assert.True(written >= 32);
    }
}
