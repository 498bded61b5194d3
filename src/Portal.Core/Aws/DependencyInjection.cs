using Amazon.DynamoDBv2;
using Amazon.SQS;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Portal.Core.Aws;

public static class DependencyInjection
{
    /// <summary>Options, credentials, the DynamoDB and S3 clients and the signed SNS and Secrets Manager clients for
    /// the configured mode, plus local-stack bootstrapping and the readiness checks.</summary>
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
            new AmazonDynamoDBClient(sp.GetRequiredService<AWSCredentials>(), sp.AwsConfig<AmazonDynamoDBConfig>(aws => aws.DynamoDbServiceUrl)));

        services.AddSingleton<IAmazonSQS>(sp =>
            new AmazonSQSClient(sp.GetRequiredService<AWSCredentials>(), sp.AwsConfig<AmazonSQSConfig>(aws => aws.SqsServiceUrl)));
        services.AddSingleton<SqsQueues>();

        services.AddSingleton<IAmazonS3>(sp =>
        {
            var config = sp.AwsConfig<AmazonS3Config>(aws => aws.S3ServiceUrl);
            if (config.ServiceURL is not null)
            {
                config.ForcePathStyle = true;
                // s3rver cannot verify the SDK's default flexible checksums.
                config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
                config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
            }

            return new AmazonS3Client(sp.GetRequiredService<AWSCredentials>(), config);
        });

        // Signed clients for services whose SDK package is not served here: SNS (fauxqs locally), Secrets Manager (Aws mode
        // only: local mode keeps credentials in configuration); Cognito's in AddUsers.
        SignedAwsTransport.AddSignedAwsHttpClient(services, sp => sp.GetRequiredService<IOptions<AwsOptions>>().Value.Retry);
        services.AddSingleton(sp => new SnsClient(sp.SignedHttpClient(), sp.SignedClientOptions(aws => aws.SnsServiceUrl)));
        // Streams share DynamoDB's endpoint override (DynamoDB Local serves both on one port).
        services.AddSingleton(sp => new DynamoDbStreamsClient(sp.SignedHttpClient(), sp.SignedClientOptions(aws => aws.DynamoDbServiceUrl)));
        services.AddSingleton(sp => new SecretsManagerClient(sp.SignedHttpClient(), sp.SignedClientOptions(aws => aws.SecretsManagerServiceUrl)));

        services.AddSingleton<LocalResourceBootstrapper>();
        services.AddSingleton<LocalMessaging>();
        services.AddHostedService<LocalResourceStartup>();
        services.AddHealthChecks()
            .AddCheck<DynamoDbHealthCheck>("dynamodb", tags: ["ready"])
            .AddCheck<S3HealthCheck>("s3", tags: ["ready"]);
        return services;
    }

    /// <summary>The signed clients' HttpClient (resilience handler, signing inside it).</summary>
    internal static HttpClient SignedHttpClient(this IServiceProvider sp) =>
        sp.GetRequiredService<IHttpClientFactory>().CreateClient(SignedAwsTransport.HttpClientName);

    /// <summary>A signed client's options from the bound <see cref="AwsOptions"/> and the service's endpoint override key.</summary>
    public static AwsClientOptions SignedClientOptions(this IServiceProvider services, Func<AwsOptions, string?> serviceUrl)
    {
        var aws = services.GetRequiredService<IOptions<AwsOptions>>().Value;
        var url = serviceUrl(aws);
        return new AwsClientOptions(services.GetRequiredService<AWSCredentials>(), aws.Region)
        {
            Endpoint = string.IsNullOrWhiteSpace(url) ? null : new Uri(url),
            Time = services.GetRequiredService<TimeProvider>(),
        };
    }

    /// <summary>An SDK client's config from the bound <see cref="AwsOptions"/> and the service's endpoint override key.</summary>
    public static T AwsConfig<T>(this IServiceProvider services, Func<AwsOptions, string?> serviceUrl)
        where T : ClientConfig, new()
    {
        var aws = services.GetRequiredService<IOptions<AwsOptions>>().Value;
        return AwsSdkConfig.For<T>(aws.Region, serviceUrl(aws), aws.Retry);
    }

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
