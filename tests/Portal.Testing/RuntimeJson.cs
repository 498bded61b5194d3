using System.Text.Json.Nodes;

namespace Portal.Testing;

/// <summary>The runtime parameter as the CDK app writes it (infra/README.md), with concrete values.</summary>
public static class RuntimeJson
{
    public const string TokenSecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:portal-staging/token-api-credentials-AbCdEf";

    public static JsonObject Sample(string environment = "staging") => new()
    {
        ["environment"] = environment,
        ["region"] = "eu-west-1",
        ["tables"] = new JsonObject
        {
            ["vpcs"] = $"portal-{environment}-vpcs",
            ["tokenRuns"] = $"portal-{environment}-token-runs",
            ["leases"] = $"portal-{environment}-leases",
            ["notifications"] = $"portal-{environment}-notifications",
            ["orders"] = $"portal-{environment}-orders",
            ["loadJobs"] = $"portal-{environment}-load-jobs",
            ["sessions"] = $"portal-{environment}-sessions",
            ["audit"] = $"portal-{environment}-audit",
            ["pipeline"] = $"portal-{environment}-pipeline",
        },
        ["indexes"] = new JsonObject { ["vpcsNewestFirst"] = "newestFirst", ["ordersByStatus"] = "byStatus" },
        ["bucket"] = $"portal-{environment}-data-filesbucket1a2b3c-xyz",
        ["topics"] = new JsonObject
        {
            ["tokens"] = $"arn:aws:sns:eu-west-1:123456789012:portal-{environment}-tokens",
            ["orders"] = $"arn:aws:sns:eu-west-1:123456789012:portal-{environment}-orders",
        },
        ["tokenSecretArn"] = TokenSecretArn,
        ["ordersQueueUrl"] = $"https://sqs.eu-west-1.amazonaws.com/123456789012/portal-{environment}-orders-ingest",
        ["ordersDeadLetterQueueUrl"] = $"https://sqs.eu-west-1.amazonaws.com/123456789012/portal-{environment}-orders-ingest-dlq",
        ["notificationsInboxUrl"] = $"https://sqs.eu-west-1.amazonaws.com/123456789012/portal-{environment}-notifications-inbox",
        ["cognito"] = new JsonObject
        {
            ["userPoolId"] = "eu-west-1_AbCdEfGhI",
            ["issuer"] = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI",
            ["clientId"] = "1a2b3c4d5e6f7g8h9i0jklmnop",
            ["hostedUiDomain"] = $"https://acme-portal-{environment}.auth.eu-west-1.amazoncognito.com",
            ["adminGroup"] = "portal-admins",
            ["machineClientIds"] = new JsonObject
            {
                ["ordersApi"] = "2b3c4d5e6f7g8h9i0jklmnopq",
                ["tokenJob"] = "3c4d5e6f7g8h9i0jklmnopqr",
            },
        },
    };

    /// <summary>SSM's GetParameter answer carrying <paramref name="value"/> as a String parameter.</summary>
    public static string GetParameterAnswer(string name, string value) => new JsonObject
    {
        ["Parameter"] = new JsonObject
        {
            ["ARN"] = $"arn:aws:ssm:eu-west-1:123456789012:parameter{name}",
            ["DataType"] = "text",
            ["LastModifiedDate"] = 1.7e9,
            ["Name"] = name,
            ["Type"] = "String",
            ["Value"] = value,
            ["Version"] = 4,
        },
    }.ToJsonString();
}
