using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Portal.Core.Sessions;

namespace Portal.Hosting;

/// <summary>Data Protection's key ring in the portal's bucket (<see cref="KeyRingStore"/>) instead of the container's
/// file system: sessions and cookies are encrypted with these keys, so every instance behind the load balancer, and a
/// redeployed one, must read the same ring or everyone is signed out.</summary>
public sealed class SharedKeyRing(KeyRingStore store) : IXmlRepository
{
    // The framework calls these synchronously, at start and when the ring needs a new key (every 90 days).
    public IReadOnlyCollection<XElement> GetAllElements() =>
        Task.Run(() => store.ReadAllAsync()).GetAwaiter().GetResult().Select(XElement.Parse).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        Task.Run(() => store.StoreAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting))).GetAwaiter().GetResult();
}

public static class SharedKeyRingRegistration
{
    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services)
    {
        // One application name, so instances started from other paths still share the ring.
        services.AddDataProtection().SetApplicationName("portal");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new SharedKeyRing(sp.GetRequiredService<KeyRingStore>())));
        return services;
    }
}
