using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;

namespace Portal.Core.Paging;

/// <summary>Page token settings, section <c>Portal:PageTokens</c>.</summary>
public sealed class PageTokenOptions
{
    public const string Section = "Portal:PageTokens";

    /// <summary>
    /// HMAC key of every listing's page tokens (records, VPCs, orders), base64, at least 32 bytes (in AWS a
    /// <c>secretsmanager:</c> reference, resolved at start; the CDK app generates it). Required in Aws mode. Empty in
    /// Local mode: a random key per process, so page tokens do not survive a restart (a bookmarked "next page"
    /// then gets a 400 asking to start from the first page).
    /// </summary>
    public string? Key { get; set; }

    /// <summary>The key bytes, or why the setting is unusable.</summary>
    public static (byte[]? Key, string? Error) ParseKey(string? text)
    {
        const string how = "set a base64 key of at least 32 bytes (e.g. `openssl rand -base64 32`)";
        if (string.IsNullOrWhiteSpace(text))
            return (null, $"{Section}:Key is empty; {how}.");
        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text.Trim(), bytes, out var written))
            return (null, $"{Section}:Key is not base64; {how}.");
        if (written < 32)
            return (null, $"{Section}:Key has {written} bytes; it needs at least 32 (e.g. `openssl rand -base64 32`).");
        return (bytes[..written], null);
    }
}

/// <summary>The key may be empty only in Local mode.</summary>
public sealed class PageTokenOptionsValidator(IOptions<PortalOptions> portal) : IValidateOptions<PageTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, PageTokenOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Key) && portal.Value.Mode == PortalMode.Local)
            return ValidateOptionsResult.Success;
        var (_, error) = PageTokenOptions.ParseKey(options.Key);
        return error is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(error);
    }
}

public static class PagingRegistration
{
    /// <summary>The one page token codec every listing shares; features that page call this (it registers once).</summary>
    public static IServiceCollection AddPageTokens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PageTokenOptions>().Bind(configuration.GetSection(PageTokenOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PageTokenOptions>, PageTokenOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var text = sp.GetRequiredService<IOptions<PageTokenOptions>>().Value.Key;
            // The validator allows an empty key only in Local mode: a key for this process's life.
            var key = string.IsNullOrWhiteSpace(text) ? RandomNumberGenerator.GetBytes(32) : PageTokenOptions.ParseKey(text).Key!;
            return new PageTokenCodec(key);
        });
        return services;
    }
}
