using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Aws;
using Portal.Core.Identity;
using Portal.Core.Paging;
using Portal.Core.Sessions;

namespace Portal.Core.Users;

public static class DependencyInjection
{
    /// <summary>The Cognito admin client (endpoint <c>Portal:Aws:CognitoServiceUrl</c>), the Users service, its audit
    /// table, and the revalidation of open sessions against the pool. Needs AddPortalAws.</summary>
    public static IServiceCollection AddUsers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCognitoOptions(configuration).AddSessions(configuration).AddPageTokens(configuration);
        services.TryAddSingleton(sp => new CognitoIdentityProviderClient(sp.SignedHttpClient(), sp.SignedClientOptions(aws => aws.CognitoServiceUrl)));
        services.TryAddSingleton<AuditTrail>();
        services.TryAddSingleton<UserAdministration>();
        services.TryAddSingleton<SessionRevalidation>();
        var tables = configuration.GetSection(AwsOptions.Section).Get<AwsOptions>()?.Tables ?? new TableNames();
        services.AddDynamoTable(AuditTrail.Definition(tables.Audit));
        return services;
    }
}
