using Amazon.Runtime;
using Portal.Core.Aws;

namespace Portal.Core.Tests.Aws;

/// <summary>The example key pair from the AWS documentation, and client options pointed at a loopback server.</summary>
public static class TestCredentials
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string SessionToken = "FQoGZXIvYXdzEXAMPLE//session+token==";
    public const string Region = "us-east-1";

    public static AwsClientOptions OptionsFor(LoopbackAwsServer server, TimeProvider clock, bool withSessionToken = false) =>
        new(withSessionToken
                ? new SessionAWSCredentials(AccessKey, SecretKey, SessionToken)
                : new BasicAWSCredentials(AccessKey, SecretKey),
            Region)
        {
            Endpoint = server.Endpoint,
            Time = clock,
        };
}
