using Amazon.Runtime;

namespace Portal.Core.Aws;

/// <summary>What every signed client needs: credentials, region, and optionally an endpoint override (loopback, VPC endpoint).</summary>
public sealed record AwsClientOptions(AWSCredentials Credentials, string Region)
{
    /// <summary>Null means the public endpoint of the service in <see cref="Region"/>.</summary>
    public Uri? Endpoint { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    internal Uri EndpointFor(string endpointPrefix) => Endpoint ?? AwsRegion.DefaultEndpoint(endpointPrefix, Region);
}
