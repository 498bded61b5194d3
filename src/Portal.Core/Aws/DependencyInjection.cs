using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Portal.Core.Aws;

public static class DependencyInjection
{
    /// <summary>Options, credentials and the DynamoDB and S3 clients for the configured mode,
    /// plus local-stack bootstrapping and the readiness checks.</summary>
    public static IServiceCollection AddPortalAws(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.Section)).ValidateOnStart();
        services.AddOptions<AwsOptions>().Bind(configuration.GetSection(AwsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        services.AddSingleton<IValidateOptions<AwsOptions>, AwsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<AWSCredentials>(sp =>
        {
            var aws = sp.GetRequiredService<IOptions<AwsOptions>>().Value;
            return sp.GetRequiredService<IOptions<PortalOptions>>().Value.Mode == PortalMode.Local
                ? new BasicAWSCredentials(aws.AccessKeyId, aws.SecretAccessKey)
                : DefaultAWSCredentialsIdentityResolver.GetCredentials();
        });

        services.AddSingleton<IAmazonDynamoDB>(sp =>
        {
            var aws = sp.GetRequiredService<IOptions<AwsOptions>>().Value;
            var config = new AmazonDynamoDBConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(aws.Region) };
            if (!string.IsNullOrEmpty(aws.DynamoDbServiceUrl))
            {
                config.ServiceURL = aws.DynamoDbServiceUrl;
                config.AuthenticationRegion = aws.Region;
            }

            return new AmazonDynamoDBClient(sp.GetRequiredService<AWSCredentials>(), config);
        });

        services.AddSingleton<IAmazonS3>(sp =>
        {
            var aws = sp.GetRequiredService<IOptions<AwsOptions>>().Value;
            var config = new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(aws.Region) };
            if (!string.IsNullOrEmpty(aws.S3ServiceUrl))
            {
                config.ServiceURL = aws.S3ServiceUrl;
                config.AuthenticationRegion = aws.Region;
                config.ForcePathStyle = true;
                // s3rver cannot verify the SDK's default flexible checksums.
                config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
                config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
            }

            return new AmazonS3Client(sp.GetRequiredService<AWSCredentials>(), config);
        });

        // Signed clients for services whose SDK package is not in the registry copy. Used in Aws mode
        // only (EC2 has a sandbox locally; SNS, SSM and Secrets Manager have local stand-ins per feature).
        services.AddHttpClient(SignedClientHttpName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton(sp => new AwsClientOptions(
            sp.GetRequiredService<AWSCredentials>(), sp.GetRequiredService<IOptions<AwsOptions>>().Value.Region)
        {
            Time = sp.GetRequiredService<TimeProvider>(),
        });
        services.AddSingleton(sp => new Ec2Client(SignedHttp(sp), sp.GetRequiredService<AwsClientOptions>()));
        services.AddSingleton(sp => new SnsClient(SignedHttp(sp), sp.GetRequiredService<AwsClientOptions>()));
        services.AddSingleton(sp => new SsmClient(SignedHttp(sp), sp.GetRequiredService<AwsClientOptions>()));
        services.AddSingleton(sp => new SecretsManagerClient(SignedHttp(sp), sp.GetRequiredService<AwsClientOptions>()));

        services.AddSingleton<LocalResourceBootstrapper>();
        services.AddHostedService<LocalResourceStartup>();
        services.AddHealthChecks()
            .AddCheck<DynamoDbHealthCheck>("dynamodb", tags: ["ready"])
            .AddCheck<S3HealthCheck>("s3", tags: ["ready"]);
        return services;
    }

    public const string SignedClientHttpName = "aws-signed";

    private static HttpClient SignedHttp(IServiceProvider sp) =>
        sp.GetRequiredService<IHttpClientFactory>().CreateClient(SignedClientHttpName);

    /// <summary>Declares a table a feature needs, so the local stack gets it on start.</summary>
    public static IServiceCollection AddDynamoTable(this IServiceCollection services, DynamoTable table) =>
        services.AddSingleton(table);
}

/// <summary>Runs the local bootstrap before the portal serves requests (Local mode only).</summary>
internal sealed class LocalResourceStartup(IOptions<PortalOptions> portal, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        portal.Value.Mode == PortalMode.Local
            ? services.GetRequiredService<LocalResourceBootstrapper>().EnsureAsync(cancellationToken)
            : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
