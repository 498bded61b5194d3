using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Vpcs;

namespace Portal.Core.Records;

public static class DependencyInjection
{
    /// <summary>Records browsing over the VPC records table (registered by AddVpcs): paging with signed tokens, and exports.</summary>
    public static IServiceCollection AddRecords(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RecordsOptions>().Bind(configuration.GetSection(RecordsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RecordsOptions>, RecordsOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var text = sp.GetRequiredService<IOptions<RecordsOptions>>().Value.PageTokenKey;
            // The validator allows an empty key only in Local mode: a key for this process's life.
            var key = string.IsNullOrWhiteSpace(text) ? RandomNumberGenerator.GetBytes(32) : RecordsOptions.ParseKey(text).Key!;
            return new PageTokenCodec(key);
        });
        services.AddSingleton(sp => new RecordBrowser(sp.GetRequiredService<VpcRecordStore>(), sp.GetRequiredService<PageTokenCodec>()));
        services.AddSingleton(sp => new RecordExport(sp.GetRequiredService<VpcRecordStore>()));
        return services;
    }
}
