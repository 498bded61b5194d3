using Amazon.EC2;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Vpcs.Sandbox;

namespace Portal.Core.Vpcs;

public static class DependencyInjection
{
    /// <summary>The VPC workflow (submit, run, teardown, background runner, reconciler), its record table, and EC2:
    /// <see cref="AwsEc2"/> (AWSSDK.EC2) in Aws mode, the <see cref="Ec2Sandbox"/> (a fake enforcing AWS's rules) in Local mode.</summary>
    public static IServiceCollection AddVpcs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VpcOptions>().Bind(configuration.GetSection(VpcOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VpcOptions>, VpcOptionsValidator>();
        services.AddOptions<VpcCostPrices>().Bind(configuration.GetSection(VpcCostPrices.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VpcCostPrices>, VpcCostPricesValidator>();
        services.AddSingleton(sp => new VpcCostEstimator(sp.GetRequiredService<IOptions<VpcCostPrices>>().Value, sp.GetRequiredService<IOptions<AwsOptions>>().Value.Region));
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.Section));

        services.AddSingleton<SandboxStateStore>();
        services.AddSingleton(sp => new Ec2Sandbox(
            sp.GetRequiredService<SandboxStateStore>(), sp.GetRequiredService<IOptions<SandboxOptions>>(),
            sp.GetRequiredService<IOptions<AwsOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AwsEc2(
            new AmazonEC2Client(sp.GetRequiredService<AWSCredentials>(), sp.AwsConfig<AmazonEC2Config>(aws => aws.Ec2ServiceUrl)),
            new MutatingEc2Client(sp.GetRequiredService<AWSCredentials>(), sp.AwsConfig<AmazonEC2Config>(aws => aws.Ec2ServiceUrl))));
        services.AddSingleton<IEc2Api>(sp =>
            sp.GetRequiredService<IOptions<PortalOptions>>().Value.Mode == PortalMode.Local
                ? sp.GetRequiredService<Ec2Sandbox>()
                : sp.GetRequiredService<AwsEc2>());

        services.AddSingleton<VpcRecordStore>();
        services.AddSingleton<VpcWorkQueue>();
        services.AddSingleton(sp => new VpcBuilder(sp.GetRequiredService<IEc2Api>(), sp.GetRequiredService<IOptions<VpcOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new VpcCleanup(sp.GetRequiredService<IEc2Api>(), sp.GetRequiredService<IOptions<VpcOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new VpcProvisioning(
            sp.GetRequiredService<VpcRecordStore>(), sp.GetRequiredService<VpcWorkQueue>(), sp.GetRequiredService<VpcBuilder>(),
            sp.GetRequiredService<VpcCleanup>(), sp.GetRequiredService<IOptions<PortalOptions>>(), sp.GetRequiredService<IOptions<AwsOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<VpcCostEstimator>()));
        services.AddSingleton(sp => new VpcDrafts(
            sp.GetRequiredService<IEc2Api>(), sp.GetRequiredService<VpcRecordStore>(), sp.GetRequiredService<VpcProvisioning>(),
            sp.GetRequiredService<IOptions<VpcOptions>>(), sp.GetRequiredService<IOptions<PortalOptions>>(), sp.GetRequiredService<IOptions<AwsOptions>>(),
            sp.GetRequiredService<VpcCostEstimator>()));
        services.AddSingleton(sp => new VpcTeardown(sp.GetRequiredService<VpcRecordStore>(), sp.GetRequiredService<VpcCleanup>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new VpcReconciler(
            sp.GetRequiredService<VpcRecordStore>(), sp.GetRequiredService<VpcProvisioning>(), sp.GetRequiredService<VpcTeardown>(),
            sp.GetRequiredService<VpcWorkQueue>(), sp.GetRequiredService<IOptions<VpcOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<VpcReconciler>>()));
        services.AddHostedService<VpcRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<VpcReconciler>());

        var tables = configuration.GetSection(AwsOptions.Section).Get<AwsOptions>()?.Tables ?? new TableNames();
        services.AddDynamoTable(VpcRecordStore.Definition(tables.Vpcs));
        services.AddDynamoTable(SandboxStateStore.Definition(tables.Ec2Sandbox));
        return services;
    }
}
