using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Constructs;
using Portal.Infra.Data;
using Portal.Infra.Settings;

namespace Portal.Infra.Hosting;

/// <summary>
/// The role the portal's container runs as. It lists every action the portal calls, each on the
/// portal's own resources only. Grant helpers (table.GrantReadWriteData, ...) are avoided on purpose:
/// they add actions the portal never calls.
/// </summary>
public sealed class PortalTaskRole : Construct
{
    /// <summary>Tag that marks the EC2 resources the portal's VPC builder created and may change.</summary>
    public const string ManagedTagKey = "portal:managed";

    /// <summary>
    /// The only actions granted on Resource "*", and why: AWS offers no resource-level permission for
    /// EC2 Describe* actions (they accept only "*"), so the VPC builder's reads cannot be narrowed.
    /// </summary>
    public static readonly IReadOnlyList<string> DescribeActionsOnAnyResource =
    [
        "ec2:DescribeVpcs",
        "ec2:DescribeSubnets",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeRouteTables",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeTags",
        "ec2:DescribeAddresses",
        "ec2:DescribeNatGateways",
        "ec2:DescribeEgressOnlyInternetGateways",
        "ec2:DescribeVpcEndpoints",
    ];

    public static readonly IReadOnlyList<string> DynamoDbActions =
    [
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:Query",
        "dynamodb:BatchWriteItem",
        "dynamodb:BatchGetItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:DescribeTable",
    ];

    /// <summary>The stream notifier's reads, granted on the orders table's stream only.</summary>
    public static readonly IReadOnlyList<string> StreamActions =
    [
        "dynamodb:DescribeStream",
        "dynamodb:GetShardIterator",
        "dynamodb:GetRecords",
    ];

    /// <summary>The Cognito admin API actions the Users page calls, granted on the portal's one user pool only.</summary>
    public static readonly IReadOnlyList<string> CognitoActions =
    [
        "cognito-idp:ListUsers",
        "cognito-idp:AdminGetUser",
        "cognito-idp:AdminListGroupsForUser",
        "cognito-idp:ListUsersInGroup",
        "cognito-idp:AdminAddUserToGroup",
        "cognito-idp:AdminRemoveUserFromGroup",
        "cognito-idp:AdminDisableUser",
        "cognito-idp:AdminEnableUser",
        "cognito-idp:AdminUserGlobalSignOut",
        "cognito-idp:AdminCreateUser",
    ];

    private static readonly string[] CreateActions =
    [
        "ec2:CreateVpc", "ec2:CreateSubnet", "ec2:CreateInternetGateway", "ec2:CreateRouteTable",
        "ec2:AllocateAddress", "ec2:CreateNatGateway", "ec2:CreateEgressOnlyInternetGateway", "ec2:CreateVpcEndpoint",
    ];

    public Role Role { get; }

    public PortalTaskRole(Construct scope, string id, DeploymentSettings settings, DataStack data, string runtimeParameterArn, string userPoolArn)
        : base(scope, id)
    {
        var stack = Stack.Of(this);
        Role = new Role(this, "Role", new RoleProps
        {
            RoleName = $"{settings.NamePrefix}-task",
            AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com"),
            Description = $"Portal {settings.Environment}: what the portal container may call.",
        });

        Allow("DynamoDbOnPortalTables", DynamoDbActions,
            data.Tables.All.SelectMany(t => new[] { t.TableArn, $"{t.TableArn}/index/*" }));

        Allow("S3ObjectsInPortalBucket", ["s3:GetObject", "s3:PutObject"], [data.Bucket.ArnForObjects("*")]);
        // GetBucketLocation: the readiness check asks the bucket where it is, which touches no objects.
        Allow("S3ListPortalBucket", ["s3:ListBucket", "s3:GetBucketLocation"], [data.Bucket.BucketArn]);

        Allow("SnsPublishToPortalTopics", ["sns:Publish"], [data.TokensTopic.TopicArn, data.OrdersTopic.TopicArn]);
        Allow("ReadTokenApiSecret", ["secretsmanager:GetSecretValue"], [data.TokenApiSecret.SecretArn]);
        Allow("ReadRuntimeParameter", ["ssm:GetParameter"], [runtimeParameterArn]);
        Allow("AdministerPortalUserPool", CognitoActions, [userPoolArn]);

        // The orders pipeline: the API sends to the queue (SendMessageBatch is authorized as SendMessage), the consumer receives,
        // deletes and backs off (DeleteMessageBatch / ChangeMessageVisibility), the monitor reads depths, peeks at and redrives
        // dead letters (receive + send back + delete); the notifier reads the orders stream; the feed drains its inbox.
        Allow("OrdersQueueProduceConsume",
            ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
            [data.OrdersQueue.QueueArn]);
        Allow("OrdersDeadLetterPeekAndRedrive", ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
            [data.OrdersDeadLetterQueue.QueueArn]);
        Allow("NotificationsInboxRead", ["sqs:ReceiveMessage", "sqs:DeleteMessage"], [data.NotificationsInbox.QueueArn]);
        Allow("OrdersStreamRead", StreamActions, [data.Tables.Orders.TableStreamArn!]);

        // VPC builder. Creating is allowed only when the request tags the new resource portal:managed=true ...
        var ec2 = $"arn:{stack.Partition}:ec2:{stack.Region}:{stack.Account}";
        string[] newResources =
        [
            $"{ec2}:vpc/*", $"{ec2}:subnet/*", $"{ec2}:internet-gateway/*", $"{ec2}:route-table/*",
            $"{ec2}:elastic-ip/*", $"{ec2}:natgateway/*", $"{ec2}:egress-only-internet-gateway/*", $"{ec2}:vpc-endpoint/*",
        ];
        Allow("Ec2CreateTaggedResources", CreateActions, newResources,
            new Dictionary<string, object> { ["StringEquals"] = Tag("aws:RequestTag") });

        // ... tags may be written only as part of those create calls, so no one can tag a foreign VPC as managed ...
        Allow("Ec2TagOnCreateOnly", ["ec2:CreateTags"], newResources,
            new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["ec2:CreateAction"] = CreateActions } });

        // ... and changing, wiring or deleting is allowed only on resources that already carry the tag
        // (CreateSubnet/CreateRouteTable also act on the parent VPC, CreateNatGateway on its subnet and Elastic IP,
        // CreateVpcEndpoint on the VPC and route tables, which must all be managed ones).
        Allow("Ec2ChangeManagedResources",
        [
            "ec2:CreateSubnet",
            "ec2:CreateRouteTable",
            "ec2:CreateNatGateway",
            "ec2:CreateEgressOnlyInternetGateway",
            "ec2:CreateVpcEndpoint",
            "ec2:ReleaseAddress",
            "ec2:DeleteNatGateway",
            "ec2:DeleteEgressOnlyInternetGateway",
            "ec2:DeleteVpcEndpoints",
            "ec2:CreateRoute",
            "ec2:DeleteRoute",
            "ec2:ModifyVpcAttribute",
            "ec2:ModifySubnetAttribute",
            "ec2:AttachInternetGateway",
            "ec2:DetachInternetGateway",
            "ec2:AssociateRouteTable",
            "ec2:DisassociateRouteTable",
            "ec2:DeleteVpc",
            "ec2:DeleteSubnet",
            "ec2:DeleteInternetGateway",
            "ec2:DeleteRouteTable",
        ], newResources, new Dictionary<string, object> { ["StringEquals"] = Tag("ec2:ResourceTag") });

        // Resource "*": EC2 Describe* actions have no resource-level permissions (see DescribeActionsOnAnyResource).
        Allow("Ec2DescribeNeedsStar", DescribeActionsOnAnyResource, ["*"]);
    }

    private static Dictionary<string, object> Tag(string conditionKeyPrefix) =>
        new() { [$"{conditionKeyPrefix}/{ManagedTagKey}"] = "true" };

    private void Allow(string sid, IEnumerable<string> actions, IEnumerable<string> resources,
        Dictionary<string, object>? conditions = null) =>
        Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = sid,
            Effect = Effect.ALLOW,
            Actions = actions.ToArray(),
            Resources = resources.ToArray(),
            Conditions = conditions,
        }));
}
