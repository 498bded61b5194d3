using Microsoft.Extensions.Configuration.Json;

namespace Portal.Hosting;

public static class SharedDefaults
{
    /// <summary>appsettings.json lives at the repository root and is linked into the build output. That copy
    /// is loaded first, so the defaults hold whatever the content root is (the project folder when run with
    /// `dotnet run` or by the tests); the usual sources after it (environment, command line) still win.</summary>
    public static void AddSharedDefaults(this ConfigurationManager configuration)
    {
        var source = new JsonConfigurationSource { Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Optional = true };
        source.ResolveFileProvider();
        configuration.Sources.Insert(0, source);
    }
}
