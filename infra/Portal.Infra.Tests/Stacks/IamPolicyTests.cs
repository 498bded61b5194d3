using System.Text.Json;
using Portal.Infra.Hosting;

namespace Portal.Infra.Tests.Stacks;

/// <summary>Least privilege across every policy document of every stack, not only the ones we wrote.</summary>
[Collection(CdkCollection.Name)]
public sealed class IamPolicyTests(SynthesizedPortal portal)
{
    private sealed record Statement(string Stack, string Owner, JsonElement Json)
    {
        public string Effect => Json.GetProperty("Effect").GetString()!;
        public string? Sid => Json.TryGetProperty("Sid", out var sid) ? sid.GetString() : null;
        public IReadOnlyList<string> Actions => Strings("Action");
        public IReadOnlyList<JsonElement> Resources =>
            Json.TryGetProperty("Resource", out var r) ? TemplateJson.Items(r) : [];

        public bool HasStarResource => Resources.Any(r => r.ValueKind == JsonValueKind.String && r.GetString() == "*");

        private IReadOnlyList<string> Strings(string key) =>
            Json.TryGetProperty(key, out var value) ? TemplateJson.Items(value).Select(v => v.GetString()!).ToList() : [];
    }

    [Fact]
    public void Templates_contain_policy_statements_to_check()
    {
        // Guards the walker below: if it found nothing, the other tests would pass vacuously.
        Assert.True(AllStatements().Count(s => s.Stack == "hosting") >= 10);
        Assert.Contains(AllStatements(), s => s.Stack == "data" && s.Effect == "Deny");
        Assert.Contains(AllStatements(), s => s.Stack == "identity");
    }

    [Fact]
    public void No_allow_statement_grants_every_action_or_every_action_of_a_service()
    {
        var wildcards = AllStatements()
            .Where(s => s.Effect == "Allow")
            .SelectMany(s => s.Actions.Where(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal)).Select(a => $"{s.Stack}/{s.Owner}: {a}"))
            .ToList();
        Assert.Empty(wildcards);
    }

    [Fact]
    public void Star_resource_is_granted_only_for_the_listed_describe_actions()
    {
        var starStatements = AllStatements().Where(s => s.Effect == "Allow" && s.HasStarResource).ToList();

        var statement = Assert.Single(starStatements);
        Assert.Equal("Ec2DescribeNeedsStar", statement.Sid);
        Assert.Equal(PortalTaskRole.DescribeActionsOnAnyResource.Order(), statement.Actions.Order());
        Assert.All(statement.Actions, a => Assert.StartsWith("ec2:Describe", a));
    }

    [Fact]
    public void The_only_deny_statement_is_the_tls_only_bucket_rule()
    {
        var deny = Assert.Single(AllStatements(), s => s.Effect == "Deny");
        Assert.Equal("false", deny.Json.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport").GetString());
        Assert.Equal(["s3:*"], deny.Actions);
    }

    [Fact]
    public void Task_role_grants_exactly_the_actions_the_portal_calls()
    {
        var granted = TaskRoleStatements().SelectMany(s => s.Actions).ToHashSet();
        string[] expected =
        [
            .. PortalTaskRole.DynamoDbActions,
            "s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation",
            "sns:Publish", "secretsmanager:GetSecretValue", "ssm:GetParameter",
            .. PortalTaskRole.CognitoActions,
            "sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
            .. PortalTaskRole.StreamActions,
            "ec2:CreateVpc", "ec2:CreateSubnet", "ec2:CreateInternetGateway", "ec2:CreateRouteTable", "ec2:CreateTags",
            "ec2:CreateRoute", "ec2:DeleteRoute", "ec2:ModifyVpcAttribute", "ec2:ModifySubnetAttribute",
            "ec2:AttachInternetGateway", "ec2:DetachInternetGateway", "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable",
            "ec2:DeleteVpc", "ec2:DeleteSubnet", "ec2:DeleteInternetGateway", "ec2:DeleteRouteTable",
            "ec2:AllocateAddress", "ec2:ReleaseAddress", "ec2:CreateNatGateway", "ec2:DeleteNatGateway",
            "ec2:CreateEgressOnlyInternetGateway", "ec2:DeleteEgressOnlyInternetGateway", "ec2:CreateVpcEndpoint", "ec2:DeleteVpcEndpoints",
            .. PortalTaskRole.DescribeActionsOnAnyResource,
        ];
        Assert.Equal(expected.Order(), granted.Order());
        Assert.DoesNotContain(granted, a => a.StartsWith("kms:", StringComparison.Ordinal));
    }

    [Fact]
    public void DynamoDb_access_covers_each_table_and_its_indexes_only()
    {
        var statement = Assert.Single(TaskRoleStatements(), s => s.Sid == "DynamoDbOnPortalTables");
        var resources = statement.Resources.Select(r => r.GetRawText()).ToList();
        Assert.Equal(18, resources.Count); // nine tables (sessions, audit and pipeline included) and their indexes
        Assert.Equal(9, resources.Count(r => r.Contains("/index/*", StringComparison.Ordinal)));
        Assert.Contains(resources, r => r.Contains("PipelineTable", StringComparison.Ordinal));
        Assert.Contains(resources, r => r.Contains("SessionsTable", StringComparison.Ordinal));
        Assert.Contains(resources, r => r.Contains("AuditTable", StringComparison.Ordinal));
        Assert.All(resources, r => Assert.Contains("Table", r));
    }

    [Fact]
    public void Each_queue_gets_only_what_its_side_of_the_pipeline_does_and_the_stream_only_reads()
    {
        var statements = TaskRoleStatements().ToList();
        (string[] Actions, string Resource) Of(string sid)
        {
            var statement = Assert.Single(statements, s => s.Sid == sid);
            return (statement.Actions.Order().ToArray(), Assert.Single(statement.Resources).GetRawText());
        }

        var queue = Of("OrdersQueueProduceConsume");
        Assert.Equal(["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage", "sqs:SendMessage"], queue.Actions);
        Assert.Matches("OrdersIngestQueue[0-9A-F]{8}Arn", queue.Resource);
        Assert.DoesNotMatch("DeadLetter", queue.Resource);

        var deadLetters = Of("OrdersDeadLetterPeekAndRedrive");
        Assert.Equal(["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"], deadLetters.Actions); // redrive sends to the main queue
        Assert.Matches("OrdersIngestDeadLetterQueue[0-9A-F]{8}Arn", deadLetters.Resource);

        var inbox = Of("NotificationsInboxRead");
        Assert.Equal(["sqs:DeleteMessage", "sqs:ReceiveMessage"], inbox.Actions);
        Assert.Matches("NotificationsInbox[0-9A-F]{8}Arn", inbox.Resource);

        var stream = Of("OrdersStreamRead");
        Assert.Equal(["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], stream.Actions);
        Assert.Matches("OrdersTable[0-9A-F]{8}StreamArn", stream.Resource);
        Assert.All(statements.Where(s => s.Sid != "OrdersStreamRead"), s => Assert.DoesNotContain(s.Actions, a => PortalTaskRole.StreamActions.Contains(a)));
    }

    [Fact]
    public void Cognito_actions_are_the_users_pages_own_on_the_one_user_pool()
    {
        var statement = Assert.Single(TaskRoleStatements(), s => s.Actions.Any(a => a.StartsWith("cognito-idp:", StringComparison.Ordinal)));
        Assert.Equal("AdministerPortalUserPool", statement.Sid);
        Assert.Equal(
        [
            "cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminCreateUser", "cognito-idp:AdminDisableUser", "cognito-idp:AdminEnableUser",
            "cognito-idp:AdminGetUser", "cognito-idp:AdminListGroupsForUser", "cognito-idp:AdminRemoveUserFromGroup",
            "cognito-idp:AdminUserGlobalSignOut", "cognito-idp:ListUsers", "cognito-idp:ListUsersInGroup",
        ], statement.Actions.Order());
        Assert.DoesNotContain(statement.Actions, a => a.Contains("Delete", StringComparison.Ordinal) || a.Contains("Password", StringComparison.Ordinal));

        // One resource: the user pool's ARN, imported from the identity stack (never a wildcard).
        var resource = Assert.Single(statement.Resources);
        Assert.Equal(JsonValueKind.Object, resource.ValueKind);
        Assert.Matches("ExportsOutputFnGetAttUserPool[0-9A-F]{8}Arn", resource.GetRawText());
    }

    [Fact]
    public void Ec2_creates_require_the_managed_request_tag()
    {
        var create = Assert.Single(TaskRoleStatements(), s => s.Sid == "Ec2CreateTaggedResources");
        Assert.Equal("true", create.Json.GetProperty("Condition").GetProperty("StringEquals").GetProperty("aws:RequestTag/portal:managed").GetString());
        Assert.Equal(8, create.Actions.Count);
        Assert.Contains("ec2:CreateNatGateway", create.Actions);
    }

    [Fact]
    public void Ec2_tags_can_only_be_written_by_the_create_calls()
    {
        var tags = Assert.Single(TaskRoleStatements(), s => s.Actions.Contains("ec2:CreateTags"));
        var createActions = tags.Json.GetProperty("Condition").GetProperty("StringEquals").GetProperty("ec2:CreateAction")
            .EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal(["ec2:CreateVpc", "ec2:CreateSubnet", "ec2:CreateInternetGateway", "ec2:CreateRouteTable",
            "ec2:AllocateAddress", "ec2:CreateNatGateway", "ec2:CreateEgressOnlyInternetGateway", "ec2:CreateVpcEndpoint"], createActions);
    }

    [Fact]
    public void Ec2_changes_require_the_managed_resource_tag()
    {
        var change = Assert.Single(TaskRoleStatements(), s => s.Sid == "Ec2ChangeManagedResources");
        Assert.Equal("true", change.Json.GetProperty("Condition").GetProperty("StringEquals").GetProperty("ec2:ResourceTag/portal:managed").GetString());
        Assert.Contains("ec2:DeleteVpc", change.Actions);
        Assert.Contains("ec2:ReleaseAddress", change.Actions);
        Assert.Contains("ec2:DeleteNatGateway", change.Actions);
        Assert.DoesNotContain(change.Actions, a => a.StartsWith("ec2:Describe", StringComparison.Ordinal));

        // Every EC2 statement other than Describe names resources by ARN and carries a condition.
        Assert.All(TaskRoleStatements().Where(s => s.Actions.Any(a => a.StartsWith("ec2:", StringComparison.Ordinal)) && !s.HasStarResource),
            s => Assert.True(s.Json.TryGetProperty("Condition", out _), $"{s.Sid} has no condition"));
    }

    /// <summary>The task role's permissions (its trust policy, which has a Principal, is not a permission).</summary>
    private IEnumerable<Statement> TaskRoleStatements() =>
        AllStatements().Where(s => s.Stack == "hosting"
            && s.Owner.StartsWith("TaskRole", StringComparison.Ordinal)
            && !s.Json.TryGetProperty("Principal", out _));

    private List<Statement> AllStatements()
    {
        var statements = new List<Statement>();
        foreach (var (stack, template) in portal.All)
        {
            foreach (var resource in TemplateJson.Of(template).GetProperty("Resources").EnumerateObject())
            {
                Collect(stack, resource.Name, resource.Value, statements);
            }
        }

        return statements;
    }

    /// <summary>Finds every "Statement" array anywhere under a resource: policies, inline role policies, bucket policies.</summary>
    private static void Collect(string stack, string owner, JsonElement node, List<Statement> into)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in node.EnumerateObject())
                {
                    if (property.Name == "Statement")
                    {
                        into.AddRange(TemplateJson.Items(property.Value).Select(s => new Statement(stack, owner, s)));
                    }
                    else
                    {
                        Collect(stack, owner, property.Value, into);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in node.EnumerateArray())
                {
                    Collect(stack, owner, item, into);
                }

                break;
        }
    }
}
