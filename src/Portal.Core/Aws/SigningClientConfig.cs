using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace Portal.Core.Aws;

/// <summary>
/// The minimum client configuration AWSSDK.Core's <c>AWS4Signer</c> needs: the signing service name
/// and region. Fixing both here means the signer never tries to resolve an endpoint through
/// service metadata, which does not exist for services whose SDK package is missing.
/// </summary>
internal sealed class SigningClientConfig : ClientConfig
{
    private readonly string _service;

    public SigningClientConfig(string service, string region)
        : base(new DefaultConfigurationProvider([new DefaultConfiguration()]))
    {
        _service = service;
        AuthenticationServiceName = service;
        AuthenticationRegion = region;
    }

    public override string ServiceVersion => "portal";

    public override string UserAgent => "portal";

    public override string RegionEndpointServiceName => _service;

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
        throw new NotSupportedException("Portal's signed clients take their endpoint explicitly.");
}
