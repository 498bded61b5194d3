using Amazon;
using Amazon.Runtime;

namespace Portal.Core.Aws;

/// <summary>Configures every AWS SDK client one way: region, the service's endpoint override, and the SDK's own
/// standard retry mode with the retries and timeout of <c>Portal:Aws:Retry</c>.</summary>
public static class AwsSdkConfig
{
    public static T For<T>(string region, string? serviceUrl, AwsRetryOptions retry)
        where T : ClientConfig, new()
    {
        var config = new T
        {
            RegionEndpoint = RegionEndpoint.GetBySystemName(region),
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = retry.MaxErrorRetry,
            Timeout = retry.Timeout,
        };
        if (!string.IsNullOrWhiteSpace(serviceUrl))
        {
            config.ServiceURL = serviceUrl;
            // An endpoint override no longer names the region, and SigV4 signs for one.
            config.AuthenticationRegion = region;
        }

        return config;
    }
}
