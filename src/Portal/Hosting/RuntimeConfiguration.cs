using Microsoft.Extensions.Configuration.Json;
using Portal.Core.Aws;
using Portal.Core.RuntimeConfig;

namespace Portal.Hosting;

public static class RuntimeConfiguration
{
    /// <summary>
    /// Aws mode only: layers the SSM runtime parameter over the appsettings files (environment variables and
    /// the command line still win) and then resolves <c>secretsmanager:{ARN}</c> values on top of everything.
    /// Call it after <c>AddSharedDefaults</c>. A missing parameter or unreadable secret throws
    /// <see cref="RuntimeConfigurationException"/>, which stops start-up with a message naming it.
    /// </summary>
    public static void AddRuntimeParameter(this ConfigurationManager configuration)
    {
        if (!Enum.TryParse<PortalMode>(configuration[$"{PortalOptions.Section}:Mode"], ignoreCase: true, out var mode) || mode != PortalMode.Aws)
            return;

        var settings = RuntimeConfigurationSettings.From(configuration, Environment.GetEnvironmentVariable);
        configuration.Sources.Insert(AfterSettingsFiles(configuration), new RuntimeConfigurationSource(settings));
        configuration.Sources.Add(new RuntimeSecretsConfigurationSource(configuration, settings));
    }

    /// <summary>Just above the last JSON file (appsettings.json, appsettings.{env}.json, user secrets), below environment and command line.</summary>
    private static int AfterSettingsFiles(ConfigurationManager configuration)
    {
        var sources = configuration.Sources;
        for (var i = sources.Count - 1; i >= 0; i--)
        {
            if (sources[i] is JsonConfigurationSource)
                return i + 1;
        }

        return 0;
    }
}
