namespace Portal.Core.Aws;

/// <summary>Where the portal's AWS calls go: the embedded local stack or real AWS.</summary>
public enum PortalMode
{
    Local,
    Aws,
}

/// <summary>Top-level settings, section <c>Portal</c>.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    public PortalMode Mode { get; set; } = PortalMode.Local;

    /// <summary>Deployment environment name (main, staging, feature-x): picks the runtime parameter in AWS.</summary>
    public string Environment { get; set; } = "main";
}
