using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Paging;
using Portal.Core.Vpcs;

namespace Portal.Core.Records;

public static class DependencyInjection
{
    /// <summary>Records browsing over the VPC records table (registered by AddVpcs): paging with signed tokens, and exports.</summary>
    public static IServiceCollection AddRecords(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RecordsOptions>().Bind(configuration.GetSection(RecordsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RecordsOptions>, RecordsOptionsValidator>();
        services.AddPageTokens(configuration);
        services.AddSingleton(sp => new RecordBrowser(sp.GetRequiredService<VpcRecordStore>(), sp.GetRequiredService<PageTokenCodec>()));
        services.AddSingleton(sp => new RecordExport(sp.GetRequiredService<VpcRecordStore>()));
        return services;
    }
}
