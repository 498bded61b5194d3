using System.Text.RegularExpressions;

namespace Portal.Infra.Settings;

/// <summary>
/// The deployment environment (`main`, `staging`, `feature-x`). It becomes part of stack, table,
/// topic and parameter names, so it must be valid in all of them: lowercase letters, digits, hyphens.
/// </summary>
public sealed partial record PortalEnvironmentName
{
    public const int MaxLength = 24;

    public string Value { get; }

    private PortalEnvironmentName(string value) => Value = value;

    public static PortalEnvironmentName Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException(
                "The environment name is missing: pass it as CDK context, e.g. `-c env=main`.");
        }

        if (value.Length > MaxLength || !Shape().IsMatch(value))
        {
            throw new ArgumentException(
                $"The environment name '{value}' is not valid: use 1-{MaxLength} lowercase letters, digits " +
                "and hyphens, starting with a letter and not ending with a hyphen (e.g. main, staging, feature-x).");
        }

        return new PortalEnvironmentName(value);
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[a-z](?:[a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex Shape();
}
