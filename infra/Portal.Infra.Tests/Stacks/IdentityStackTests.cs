using Amazon.CDK.Assertions;

namespace Portal.Infra.Tests.Stacks;

[Collection(CdkCollection.Name)]
public sealed class IdentityStackTests(SynthesizedPortal portal)
{
    private Template Identity => portal.Identity;

    [Fact]
    public void Has_one_pool_one_domain_three_clients_two_resource_servers_and_the_admin_group()
    {
        Identity.ResourceCountIs("AWS::Cognito::UserPool", 1);
        Identity.ResourceCountIs("AWS::Cognito::UserPoolDomain", 1);
        Identity.ResourceCountIs("AWS::Cognito::UserPoolClient", 3);
        Identity.ResourceCountIs("AWS::Cognito::UserPoolResourceServer", 3); // orders, partner, vpcs
        Identity.ResourceCountIs("AWS::Cognito::UserPoolGroup", 1);
        Identity.ResourceCountIs("AWS::SecretsManager::Secret", 1);
        Identity.HasResourceProperties("AWS::Cognito::UserPoolGroup", new Dictionary<string, object>
        {
            ["GroupName"] = "portal-admins",
        });
    }

    [Fact]
    public void User_pool_allows_no_self_sign_up_and_enforces_the_password_policy()
    {
        Identity.HasResourceProperties("AWS::Cognito::UserPool", Match.ObjectLike(new Dictionary<string, object>
        {
            ["AdminCreateUserConfig"] = new Dictionary<string, object> { ["AllowAdminCreateUserOnly"] = true },
            ["Policies"] = new Dictionary<string, object>
            {
                ["PasswordPolicy"] = Match.ObjectLike(new Dictionary<string, object>
                {
                    ["MinimumLength"] = 12,
                    ["RequireUppercase"] = true,
                    ["RequireLowercase"] = true,
                    ["RequireNumbers"] = true,
                    ["RequireSymbols"] = true,
                }),
            },
            ["MfaConfiguration"] = "OPTIONAL",
            ["EnabledMfas"] = new object[] { "SOFTWARE_TOKEN_MFA" },
            ["AccountRecoverySetting"] = new Dictionary<string, object>
            {
                ["RecoveryMechanisms"] = new object[]
                {
                    new Dictionary<string, object> { ["Name"] = "verified_email", ["Priority"] = 1 },
                },
            },
        }));
    }

    [Fact]
    public void Hosted_ui_domain_uses_the_prefix_from_context()
    {
        Identity.HasResourceProperties("AWS::Cognito::UserPoolDomain", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Domain"] = $"acme-portal-{SynthesizedPortal.Environment}",
        }));
    }

    [Fact]
    public void Portal_client_is_code_grant_only_with_secret_and_the_callback_and_logout_urls()
    {
        Identity.HasResourceProperties("AWS::Cognito::UserPoolClient", Match.ObjectLike(new Dictionary<string, object>
        {
            ["ClientName"] = $"portal-{SynthesizedPortal.Environment}-portal",
            ["AllowedOAuthFlows"] = new object[] { "code" },
            ["AllowedOAuthFlowsUserPoolClient"] = true,
            ["GenerateSecret"] = true,
            ["AllowedOAuthScopes"] = new object[] { "openid", "email", "profile" },
            ["CallbackURLs"] = new object[] { ValidContext.CallbackUrl, ValidContext.SecondCallbackUrl },
            ["LogoutURLs"] = new object[] { ValidContext.LogoutUrl },
            ["SupportedIdentityProviders"] = new object[] { "COGNITO" },
        }));
    }

    [Fact]
    public void No_client_allows_the_implicit_grant()
    {
        foreach (var (id, properties) in TemplateJson.ResourcesOfType(Identity, "AWS::Cognito::UserPoolClient"))
        {
            var flows = properties.GetProperty("AllowedOAuthFlows").EnumerateArray().Select(f => f.GetString()).ToList();
            Assert.DoesNotContain("implicit", flows);
            Assert.Single(flows);
            Assert.True(properties.GetProperty("GenerateSecret").GetBoolean(), $"{id} must be a confidential client");
        }
    }

    [Fact]
    public void Resource_servers_offer_the_scopes_the_apis_check()
    {
        Identity.HasResourceProperties("AWS::Cognito::UserPoolResourceServer", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Identifier"] = "orders",
            ["Scopes"] = new object[]
            {
                Match.ObjectLike(new Dictionary<string, object> { ["ScopeName"] = "read" }),
                Match.ObjectLike(new Dictionary<string, object> { ["ScopeName"] = "write" }),
            },
        }));
        Identity.HasResourceProperties("AWS::Cognito::UserPoolResourceServer", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Identifier"] = "partner",
            ["Scopes"] = new object[] { Match.ObjectLike(new Dictionary<string, object> { ["ScopeName"] = "read" }) },
        }));
        Identity.HasResourceProperties("AWS::Cognito::UserPoolResourceServer", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Identifier"] = "vpcs",
            ["Scopes"] = new object[] { Match.ObjectLike(new Dictionary<string, object> { ["ScopeName"] = "read" }) },
        }));
    }

    [Fact]
    public void Orders_api_machine_client_uses_client_credentials_with_orders_scopes()
    {
        var (_, ordersApi) = TemplateJson.ResourcesOfType(Identity, "AWS::Cognito::UserPoolClient")
            .Single(c => c.Properties.GetProperty("ClientName").GetString() == $"portal-{SynthesizedPortal.Environment}-orders-api");

        Assert.Equal(["client_credentials"], ordersApi.GetProperty("AllowedOAuthFlows").EnumerateArray().Select(f => f.GetString()));
        // Scopes are "<resource server ref>/read": the identifier is only known as a token at synth time.
        var scopeSuffixes = ordersApi.GetProperty("AllowedOAuthScopes").EnumerateArray()
            .Select(scope => scope.GetProperty("Fn::Join")[1][1].GetString())
            .ToList();
        Assert.Equal(["/read", "/write"], scopeSuffixes);
        Assert.Contains("OrdersApi", ordersApi.GetProperty("AllowedOAuthScopes")[0].GetProperty("Fn::Join")[1][0].GetProperty("Ref").GetString());
    }

    [Fact]
    public void Token_job_machine_client_uses_client_credentials()
    {
        Identity.HasResourceProperties("AWS::Cognito::UserPoolClient", Match.ObjectLike(new Dictionary<string, object>
        {
            ["ClientName"] = $"portal-{SynthesizedPortal.Environment}-token-job",
            ["AllowedOAuthFlows"] = new object[] { "client_credentials" },
            ["GenerateSecret"] = true,
        }));
    }
}
