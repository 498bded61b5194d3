using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Portal.Core.Aws;

/// <summary>Stops start-up with a message naming the key when a setting is missing or malformed.</summary>
public sealed partial class AwsOptionsValidator(IOptions<PortalOptions> portal) : IValidateOptions<AwsOptions>
{
    public ValidateOptionsResult Validate(string? name, AwsOptions options)
    {
        var errors = new List<string>();
        var local = portal.Value.Mode == PortalMode.Local;

        if (!AwsRegion.IsValid(options.Region))
            errors.Add($"{AwsOptions.Section}:Region must be an AWS region such as 'us-east-1' (got '{options.Region}').");

        foreach (var (key, url) in options.ServiceUrls())
            CheckUrl(errors, key, url, required: local && key is nameof(options.DynamoDbServiceUrl) or nameof(options.S3ServiceUrl));
        errors.AddRange(options.Retry.Problems());

        if (local && (string.IsNullOrEmpty(options.AccessKeyId) || string.IsNullOrEmpty(options.SecretAccessKey)))
            errors.Add($"{AwsOptions.Section}:AccessKeyId and SecretAccessKey are required in Local mode (the local S3 accepts S3RVER/S3RVER).");
        if (!local && (!string.IsNullOrEmpty(options.AccessKeyId) || !string.IsNullOrEmpty(options.SecretAccessKey)))
            errors.Add($"{AwsOptions.Section}:AccessKeyId and SecretAccessKey must be empty in Aws mode: the SDK's default credential chain (task role, profile, environment) is used.");

        if (!BucketPattern().IsMatch(options.Bucket ?? ""))
            errors.Add($"{AwsOptions.Section}:Bucket must be a valid S3 bucket name: 3-63 lowercase letters, digits, '.' or '-' (got '{options.Bucket}').");

        foreach (var (key, table) in options.Tables.All())
        {
            if (!TablePattern().IsMatch(table ?? ""))
                errors.Add($"{AwsOptions.Section}:Tables:{key} must be 3-255 characters of a-z, A-Z, 0-9, '_', '-', '.' (got '{table}').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckUrl(List<string> errors, string key, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
                errors.Add($"{AwsOptions.Section}:{key} is required in Local mode (e.g. http://127.0.0.1:4567).");
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            errors.Add($"{AwsOptions.Section}:{key} must be an absolute http(s) URL (got '{value}').");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]{3,255}$")]
    private static partial Regex TablePattern();
}
