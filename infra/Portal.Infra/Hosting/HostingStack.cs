using Amazon.CDK;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ECS.Patterns;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Logs;
using Constructs;
using Portal.Infra.Data;
using Portal.Infra.Identity;
using Portal.Infra.Settings;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace Portal.Infra.Hosting;

/// <summary>
/// The portal on ECS Fargate behind an internet-facing HTTPS load balancer (HTTP redirects to HTTPS),
/// in its own VPC with two AZs and one NAT gateway for outbound calls to AWS APIs and Cognito.
/// </summary>
public sealed class HostingStack : Stack
{
    public const int ContainerPort = 8080;

    /// <summary>
    /// Actions the CDK grants on Resource "*" to the task's execution role, and why: with
    /// `-c containerAssetPath` the image lives in ECR, and ecr:GetAuthorizationToken has no
    /// resource-level permission (the token is account-wide). Pulling layers stays scoped to the repository.
    /// </summary>
    public static readonly IReadOnlyList<string> ExecutionRoleActionsOnAnyResource = ["ecr:GetAuthorizationToken"];

    public ApplicationLoadBalancedFargateService Service { get; }
    public PortalTaskRole TaskRole { get; }

    public HostingStack(Construct scope, string id, DeploymentSettings settings, IdentityStack identity,
        DataStack data, string runtimeParameterArn, IStackProps? props = null)
        : base(scope, id, props)
    {
        var vpc = new Vpc(this, "Vpc", new VpcProps
        {
            VpcName = $"{settings.NamePrefix}-hosting",
            IpAddresses = IpAddresses.Cidr(settings.VpcCidr),
            MaxAzs = 2,
            NatGateways = 1,
        });

        var cluster = new Cluster(this, "Cluster", new ClusterProps
        {
            ClusterName = $"{settings.NamePrefix}",
            Vpc = vpc,
            ContainerInsights = true,
        });

        TaskRole = new PortalTaskRole(this, "TaskRole", settings, data, runtimeParameterArn, identity.UserPool.UserPoolArn);

        // The HMAC key of the portal's page tokens (Portal:PageTokens:Key, required in Aws mode): 44 letters and digits
        // are valid base64 for 33 bytes. Generated once; every task of the service shares it, so a "next page" link
        // made by one instance works on another.
        var pageTokenKey = new Amazon.CDK.AWS.SecretsManager.Secret(this, "PageTokenKey", new Amazon.CDK.AWS.SecretsManager.SecretProps
        {
            SecretName = $"{settings.NamePrefix}/page-token-key",
            Description = $"Portal {settings.Environment}: HMAC key of the portal's page tokens.",
            GenerateSecretString = new Amazon.CDK.AWS.SecretsManager.SecretStringGenerator
            {
                PasswordLength = 44,
                ExcludePunctuation = true,
                IncludeSpace = false,
            },
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        var logGroup = new LogGroup(this, "Logs", new LogGroupProps
        {
            LogGroupName = $"/portal/{settings.Environment}/web",
            Retention = RetentionDays.ONE_MONTH,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        Service = new ApplicationLoadBalancedFargateService(this, "Web", new ApplicationLoadBalancedFargateServiceProps
        {
            Cluster = cluster,
            ServiceName = $"{settings.NamePrefix}-web",
            LoadBalancerName = $"{settings.NamePrefix}-web",
            PublicLoadBalancer = true,
            Protocol = ApplicationProtocol.HTTPS,
            Certificate = Certificate.FromCertificateArn(this, "Certificate", settings.CertificateArn),
            SslPolicy = SslPolicy.RECOMMENDED_TLS,
            RedirectHTTP = true,
            // Blazor Server keeps a WebSocket per open page; SignalR pings every 15 s, so an idle limit of 2 minutes only
            // closes connections whose browser is really gone (the default 60 s would be fine too, with less margin).
            IdleTimeout = Duration.Seconds(120),
            // Two tasks, so a deployment or a failed task leaves the portal up; circuits stick to their task (below).
            DesiredCount = 2,
            Cpu = 512,
            MemoryLimitMiB = 1024,
            MinHealthyPercent = 100,
            CircuitBreaker = new DeploymentCircuitBreaker { Rollback = true },
            TaskImageOptions = new ApplicationLoadBalancedTaskImageOptions
            {
                Image = ImageFrom(settings.Image),
                ContainerName = "portal",
                ContainerPort = ContainerPort,
                TaskRole = TaskRole.Role,
                LogDriver = LogDriver.AwsLogs(new AwsLogDriverProps { LogGroup = logGroup, StreamPrefix = "portal" }),
                Environment = new Dictionary<string, string>
                {
                    ["Portal__Mode"] = "Aws",
                    ["Portal__Environment"] = settings.Environment.Value,
                    // The portal reads this parameter at start-up (src/Portal.Core/RuntimeConfig/RuntimeConfigurationSource.cs),
                    // in this region: appsettings.json's default region is for the local stack.
                    ["Portal__RuntimeParameter"] = settings.RuntimeParameterName,
                    ["Portal__Aws__Region"] = Region,
                    ["ASPNETCORE_HTTP_PORTS"] = ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    // TLS ends at the load balancer: trust its X-Forwarded-Proto so redirect URIs are https.
                    ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
                },
                // Injected by ECS from Secrets Manager through the execution role; the task role never reads it.
                Secrets = new Dictionary<string, EcsSecret>
                {
                    ["Portal__Auth__ClientSecret"] = EcsSecret.FromSecretsManager(identity.PortalClientSecret),
                    ["Portal__PageTokens__Key"] = EcsSecret.FromSecretsManager(pageTokenKey),
                },
            },
        });

        Service.TargetGroup.ConfigureHealthCheck(new Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck
        {
            Path = settings.HealthCheckPath,
            HealthyHttpCodes = "200",
            Interval = Duration.Seconds(30),
        });

        // A circuit lives in one task's memory: the load balancer's cookie keeps a browser on the task that holds its
        // circuits for as long as a session can last (8 h). Sessions themselves, and the Data Protection keys that
        // encrypt them, are shared (DynamoDB and S3), so a browser moved to another task keeps its sign-in.
        Service.TargetGroup.EnableCookieStickiness(Duration.Hours(8));
        // A task being replaced gets 2 minutes for open pages to move over before it is cut off.
        Service.TargetGroup.SetAttribute("deregistration_delay.timeout_seconds", "120");

        new CfnOutput(this, "PortalUrl", new CfnOutputProps
        {
            Value = $"https://{Service.LoadBalancer.LoadBalancerDnsName}",
            Description = "Point the DNS name of the certificate (CNAME/alias) at this load balancer.",
        });
    }

    private static ContainerImage ImageFrom(ContainerImageSource source) =>
        source.AssetPath is { } path
            ? ContainerImage.FromAsset(path)
            : ContainerImage.FromRegistry(source.ImageReference!);
}
