namespace Portal.Core.RuntimeConfig;

/// <summary>
/// Stops start-up in Aws mode: the runtime parameter or a referenced secret could not be read or is
/// malformed. The message names the parameter or ARN and what to do; it never contains a secret value.
/// </summary>
public sealed class RuntimeConfigurationException : Exception
{
    public RuntimeConfigurationException(string message)
        : base(message)
    {
    }

    public RuntimeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
