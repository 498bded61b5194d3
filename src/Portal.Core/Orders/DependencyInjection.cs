using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Paging;

namespace Portal.Core.Orders;

public static class DependencyInjection
{
    /// <summary>The orders store, ingest, bulk loader (with its background worker) and pipeline health; declares the
    /// orders and load-jobs tables. Needs AddPortalAws and AddNotifications.</summary>
    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrdersOptions>().Bind(configuration.GetSection(OrdersOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OrdersOptions>, OrdersOptionsValidator>();
        services.AddPageTokens(configuration);
        services.AddSingleton<OrderStore>();
        services.AddSingleton<OrderNotifier>();
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
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
