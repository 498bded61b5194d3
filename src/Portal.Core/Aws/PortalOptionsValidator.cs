using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Portal.Core.Aws;

public sealed partial class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Mode))
            errors.Add($"{PortalOptions.Section}:Mode must be 'Local' or 'Aws' (got '{options.Mode}').");
        if (!EnvironmentPattern().IsMatch(options.Environment ?? ""))
            errors.Add($"{PortalOptions.Section}:Environment must be lowercase letters, digits and hyphens, such as 'main' or 'feature-x' (got '{options.Environment}').");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex EnvironmentPattern();
}
