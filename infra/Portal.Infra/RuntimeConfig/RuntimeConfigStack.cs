using Amazon.CDK;
using Amazon.CDK.AWS.SSM;
using Constructs;
using Portal.Infra.Data;
using Portal.Infra.Identity;
using Portal.Infra.Settings;

namespace Portal.Infra.RuntimeConfig;

/// <summary>
/// One SSM String parameter, `/portal/{env}/runtime`, holding the JSON the portal reads on start
/// to find its tables, bucket, topics, queue, secret and Cognito settings. Physical names are only
/// known once CloudFormation has created the resources, so the JSON is assembled from tokens.
/// The shape is documented in infra/README.md; change both together.
/// </summary>
public sealed class RuntimeConfigStack : Stack
{
    public StringParameter Parameter { get; }

    public RuntimeConfigStack(Construct scope, string id, DeploymentSettings settings,
        IdentityStack identity, DataStack data, IStackProps? props = null)
        : base(scope, id, props)
    {
        var runtime = new Dictionary<string, object>
        {
            ["environment"] = settings.Environment.Value,
            ["region"] = Region,
            ["tables"] = new Dictionary<string, object>
            {
                ["vpcs"] = data.Tables.Vpcs.TableName,
                ["tokenRuns"] = data.Tables.TokenRuns.TableName,
                ["leases"] = data.Tables.Leases.TableName,
                ["notifications"] = data.Tables.Notifications.TableName,
                ["orders"] = data.Tables.Orders.TableName,
                ["loadJobs"] = data.Tables.LoadJobs.TableName,
                ["sessions"] = data.Tables.Sessions.TableName,
                ["audit"] = data.Tables.Audit.TableName,
                ["pipeline"] = data.Tables.Pipeline.TableName,
            },
            ["indexes"] = new Dictionary<string, object>
            {
                ["vpcsNewestFirst"] = DataStack.VpcsNewestFirstIndex,
                ["ordersByStatus"] = DataStack.OrdersByStatusIndex,
            },
            ["bucket"] = data.Bucket.BucketName,
            ["topics"] = new Dictionary<string, object>
            {
                ["tokens"] = data.TokensTopic.TopicArn,
                ["orders"] = data.OrdersTopic.TopicArn,
            },
            ["tokenSecretArn"] = data.TokenApiSecret.SecretArn,
            ["ordersQueueUrl"] = data.OrdersQueue.QueueUrl,
            ["ordersDeadLetterQueueUrl"] = data.OrdersDeadLetterQueue.QueueUrl,
            ["notificationsInboxUrl"] = data.NotificationsInbox.QueueUrl,
            ["cognito"] = new Dictionary<string, object>
            {
                ["userPoolId"] = identity.UserPool.UserPoolId,
                ["issuer"] = $"https://cognito-idp.{Region}.{UrlSuffix}/{identity.UserPool.UserPoolId}",
                ["clientId"] = identity.PortalClient.UserPoolClientId,
                ["hostedUiDomain"] = identity.HostedUiDomain.BaseUrl(),
                ["adminGroup"] = IdentityStack.AdminGroupName,
                ["machineClientIds"] = new Dictionary<string, object>
                {
                    ["ordersApi"] = identity.OrdersApiClient.UserPoolClientId,
                    ["tokenJob"] = identity.TokenJobClient.UserPoolClientId,
                },
            },
        };

        Parameter = new StringParameter(this, "RuntimeParameter", new StringParameterProps
        {
            ParameterName = settings.RuntimeParameterName,
            Description = $"Portal {settings.Environment}: runtime settings (JSON, see infra/README.md).",
            StringValue = ToJsonString(runtime),
            Tier = ParameterTier.STANDARD,
        });
    }
}
