using Amazon.CDK;
using Amazon.CDK.AWS.Cognito;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Portal.Infra.Settings;

namespace Portal.Infra.Identity;

/// <summary>
/// Cognito for the portal: the user pool people sign in to through the hosted UI, the portal's
/// own app client (code grant; the portal sends PKCE), the admin group, and the resource servers
/// and machine clients that call the orders API and run the token refresh job.
/// </summary>
public sealed class IdentityStack : Stack
{
    public const string AdminGroupName = "portal-admins";

    public UserPool UserPool { get; }
    public UserPoolDomain HostedUiDomain { get; }
    public UserPoolClient PortalClient { get; }
    public UserPoolClient OrdersApiClient { get; }
    public UserPoolClient TokenJobClient { get; }

    /// <summary>The portal client's secret, copied into Secrets Manager so ECS can inject it.</summary>
    public Secret PortalClientSecret { get; }

    public IdentityStack(Construct scope, string id, DeploymentSettings settings, IStackProps? props = null)
        : base(scope, id, props)
    {
        UserPool = new UserPool(this, "UserPool", new UserPoolProps
        {
            UserPoolName = $"{settings.NamePrefix}-users",
            // Admins create accounts; nobody can register themselves.
            SelfSignUpEnabled = false,
            SignInAliases = new SignInAliases { Email = true, Username = true },
            AutoVerify = new AutoVerifiedAttrs { Email = true },
            PasswordPolicy = new PasswordPolicy
            {
                MinLength = 12,
                RequireUppercase = true,
                RequireLowercase = true,
                RequireDigits = true,
                RequireSymbols = true,
                TempPasswordValidity = Duration.Days(3),
            },
            Mfa = Mfa.OPTIONAL,
            MfaSecondFactor = new MfaSecondFactor { Otp = true, Sms = false },
            AccountRecovery = AccountRecovery.EMAIL_ONLY,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        HostedUiDomain = UserPool.AddDomain("HostedUi", new UserPoolDomainOptions
        {
            CognitoDomain = new CognitoDomainOptions { DomainPrefix = settings.HostedUiDomainPrefix },
        });

        new CfnUserPoolGroup(this, "AdminGroup", new CfnUserPoolGroupProps
        {
            UserPoolId = UserPool.UserPoolId,
            GroupName = AdminGroupName,
            Description = "Portal administrators: may create and delete VPCs and refresh tokens on demand.",
        });

        var ordersRead = Scope("read", "Read orders");
        var ordersWrite = Scope("write", "Create and update orders");
        var orders = UserPool.AddResourceServer("OrdersApi", new UserPoolResourceServerOptions
        {
            Identifier = "orders",
            UserPoolResourceServerName = $"{settings.NamePrefix}-orders",
            Scopes = [ordersRead, ordersWrite],
        });

        var partnerRead = Scope("read", "Read from the partner API the token refresh job calls");
        var partner = UserPool.AddResourceServer("PartnerApi", new UserPoolResourceServerOptions
        {
            Identifier = "partner",
            UserPoolResourceServerName = $"{settings.NamePrefix}-partner",
            Scopes = [partnerRead],
        });

        // vpcs/read lets a machine client read the VPC records API (GET /api/vpcs); grant it to a client
        // that needs the estate's inventory.
        UserPool.AddResourceServer("VpcsApi", new UserPoolResourceServerOptions
        {
            Identifier = "vpcs",
            UserPoolResourceServerName = $"{settings.NamePrefix}-vpcs",
            Scopes = [Scope("read", "Read the VPC records the portal keeps")],
        });

        PortalClient = UserPool.AddClient("PortalClient", new UserPoolClientOptions
        {
            UserPoolClientName = $"{settings.NamePrefix}-portal",
            GenerateSecret = true,
            // Sign-in happens only in the hosted UI; no password flows through the portal itself.
            AuthFlows = new AuthFlow { UserSrp = true },
            PreventUserExistenceErrors = true,
            SupportedIdentityProviders = [UserPoolClientIdentityProvider.COGNITO],
            OAuth = new OAuthSettings
            {
                // Code grant only; the portal adds PKCE (S256) to every authorize request.
                Flows = new OAuthFlows { AuthorizationCodeGrant = true },
                Scopes = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
                CallbackUrls = settings.CallbackUrls.ToArray(),
                LogoutUrls = settings.LogoutUrls.ToArray(),
            },
            AccessTokenValidity = Duration.Hours(1),
            IdTokenValidity = Duration.Hours(1),
            RefreshTokenValidity = Duration.Hours(12),
        });

        OrdersApiClient = MachineClient("OrdersApiClient", $"{settings.NamePrefix}-orders-api",
            OAuthScope.ResourceServer(orders, ordersRead),
            OAuthScope.ResourceServer(orders, ordersWrite));

        TokenJobClient = MachineClient("TokenJobClient", $"{settings.NamePrefix}-token-job",
            OAuthScope.ResourceServer(partner, partnerRead));

        // The value is read by a CloudFormation custom resource at deploy time, never written in code or the template.
        PortalClientSecret = new Secret(this, "PortalClientSecret", new SecretProps
        {
            SecretName = $"{settings.NamePrefix}/cognito-portal-client-secret",
            Description = "Client secret of the portal's Cognito app client (injected into the container by ECS).",
            SecretStringValue = PortalClient.UserPoolClientSecret,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
    }

    private static ResourceServerScope Scope(string name, string description) =>
        new(new ResourceServerScopeProps { ScopeName = name, ScopeDescription = description });

    private UserPoolClient MachineClient(string id, string name, params OAuthScope[] scopes) =>
        UserPool.AddClient(id, new UserPoolClientOptions
        {
            UserPoolClientName = name,
            GenerateSecret = true,
            // Machine clients authenticate with their secret only, never a user password.
            AuthFlows = new AuthFlow(),
            OAuth = new OAuthSettings
            {
                Flows = new OAuthFlows { ClientCredentials = true },
                Scopes = scopes,
            },
            AccessTokenValidity = Duration.Hours(1),
        });
}
