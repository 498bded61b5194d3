using System.Net;
using Amazon.EC2;
using Amazon.Runtime;

namespace Portal.Core.Vpcs.Sandbox;

/// <summary>EC2's error codes and message shapes (EC2 API reference, "Error codes"), as the sandbox raises them.</summary>
internal static class Ec2Errors
{
    public static AmazonEC2Exception Error(string code, string message, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        new(message, (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender, code, "sandbox-" + Guid.NewGuid().ToString("N"), status);

    public static AmazonEC2Exception NotFound(string kind, string id) => kind switch
    {
        "vpc" => Error("InvalidVpcID.NotFound", $"The vpc ID '{id}' does not exist"),
        "subnet" => Error("InvalidSubnetID.NotFound", $"The subnet ID '{id}' does not exist"),
        "internetGateway" => Error("InvalidInternetGatewayID.NotFound", $"The internetGateway ID '{id}' does not exist"),
        "routeTable" => Error("InvalidRouteTableID.NotFound", $"The routeTable ID '{id}' does not exist"),
        "association" => Error("InvalidAssociationID.NotFound", $"The association ID '{id}' does not exist"),
        _ => Error("InvalidParameterValue", $"The {kind} '{id}' does not exist"),
    };

    public static AmazonEC2Exception DependencyViolation(string kind, string id) =>
        Error("DependencyViolation", $"The {kind} '{id}' has dependencies and cannot be deleted.");

    public static AmazonEC2Exception InvalidCidr(string code, string cidr) =>
        Error(code, $"The CIDR '{cidr}' is invalid.");

    public static AmazonEC2Exception InvalidParameter(string parameter, string value, string why) =>
        Error("InvalidParameterValue", $"Value ({value}) for parameter {parameter} is invalid. {why}");
}
