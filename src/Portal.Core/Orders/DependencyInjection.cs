using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Identity;
using Portal.Core.Paging;

namespace Portal.Core.Orders;

public static class DependencyInjection
{
    /// <summary>The orders store, the ingest API's queue, the consumer and the stream notifier (hosted services), the bulk
    /// loader (with its background worker), pipeline health and monitor; declares the orders (with its stream), load-jobs
    /// and pipeline tables and the queues. Needs AddPortalAws and AddNotifications.</summary>
    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrdersOptions>().Bind(configuration.GetSection(OrdersOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OrdersOptions>, OrdersOptionsValidator>();
        services.AddPageTokens(configuration);
        services.AddSingleton<OrderStore>();
        services.AddSingleton<OrderSearch>();
        services.AddSingleton<OrderNotifier>();
        services.AddSingleton<OrderQueue>();
        services.AddSingleton<OrderConsumer>();
        services.AddSingleton<OrderStreamNotifier>();
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<PipelineMonitor>();
        services.AddCognitoOptions(configuration);
        services.AddHostedService<OrderConsumerService>();
        services.AddHostedService<OrderStreamNotifierService>();
        services.AddSingleton<IngestStats>();
        services.AddSingleton<OrderIngest>();
        services.AddSingleton<LoadJobStore>();
        services.AddSingleton<BulkLoader>();
        services.AddSingleton<LoadJobQueue>();
        services.AddSingleton<OrderUploads>();
        services.AddSingleton<PipelineHealthReader>();
        services.AddHostedService<LoadJobWorker>();

        var tables = configuration.GetSection(AwsOptions.Section).Get<AwsOptions>()?.Tables ?? new TableNames();
        services.AddDynamoTable(OrdersTable.Definition(tables.Orders));
        services.AddDynamoTable(LoadJobStore.Definition(tables.LoadJobs));
        services.AddDynamoTable(PipelineMetrics.Definition(tables.Pipeline));

        var orders = configuration.GetSection(OrdersOptions.Section).Get<OrdersOptions>() ?? new OrdersOptions();
        if (!SqsQueues.IsUrl(orders.Queue))
        {
            services.AddSingleton(new SqsQueue(orders.DeadLetterQueue, VisibilityTimeoutSeconds: orders.VisibilityTimeoutSeconds));
            services.AddSingleton(new SqsQueue(orders.Queue, orders.DeadLetterQueue, orders.MaxReceiveCount, orders.VisibilityTimeoutSeconds));
        }
        return services;
    }
}

internal sealed class OrdersOptionsValidator : IValidateOptions<OrdersOptions>
{
    public ValidateOptionsResult Validate(string? name, OrdersOptions options)
    {
        var errors = new List<string>();
        if (options.MaxApiBatch is < 1 or > 1000)
            errors.Add($"{OrdersOptions.Section}:MaxApiBatch must be from 1 to 1000.");
        if (options.LoaderParallelism is < 1 or > 32)
            errors.Add($"{OrdersOptions.Section}:LoaderParallelism must be from 1 to 32.");
        if (options.MaxReportedErrors is < 0 or > 1000)
            errors.Add($"{OrdersOptions.Section}:MaxReportedErrors must be from 0 to 1000 (the job record is one DynamoDB item, 400 KB at most).");
        if (string.IsNullOrWhiteSpace(options.UploadPrefix) || options.UploadPrefix.StartsWith('/'))
            errors.Add($"{OrdersOptions.Section}:UploadPrefix must be a key prefix such as orders/uploads/ (no leading '/').");
        if (options.MaxUploadBytes < 1)
            errors.Add($"{OrdersOptions.Section}:MaxUploadBytes must be positive.");
        if (string.IsNullOrWhiteSpace(options.Queue) || string.IsNullOrWhiteSpace(options.DeadLetterQueue))
            errors.Add($"{OrdersOptions.Section}:Queue and DeadLetterQueue must name a queue (name or URL).");
        if (options.MaxReceiveCount is < 1 or > 1000)
            errors.Add($"{OrdersOptions.Section}:MaxReceiveCount must be from 1 to 1000 (SQS's range).");
        if (options.VisibilityTimeoutSeconds is < 1 or > 43200)
            errors.Add($"{OrdersOptions.Section}:VisibilityTimeoutSeconds must be from 1 to 43200 (SQS's range).");
        if (options.ConsumerConcurrency is < 1 or > 32)
            errors.Add($"{OrdersOptions.Section}:ConsumerConcurrency must be from 1 to 32.");
        if (options.ReceiveWaitSeconds is < 0 or > 20)
            errors.Add($"{OrdersOptions.Section}:ReceiveWaitSeconds must be from 0 to 20 (SQS's long-poll limit).");
        if (options.NotifierPollInterval <= TimeSpan.Zero || options.NotifierLease < TimeSpan.FromSeconds(5))
            errors.Add($"{OrdersOptions.Section}:NotifierPollInterval must be positive and NotifierLease at least 00:00:05.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
