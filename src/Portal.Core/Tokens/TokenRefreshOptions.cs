namespace Portal.Core.Tokens;

/// <summary>Settings of the token refresh job, bound from <c>Portal:Tokens</c>. Checked by <see cref="TokenRefreshOptionsValidator"/>.</summary>
public sealed class TokenRefreshOptions
{
    public const string SectionName = "Portal:Tokens";
    public const string SseS3 = "AES256";
    public const string SseKms = "aws:kms";

    /// <summary>EventBridge cron expression, evaluated in UTC.</summary>
    public string Schedule { get; set; } = "cron(15 * * * ? *)";

    public string? TokenEndpoint { get; set; }
    public string? ClientId { get; set; }

    /// <summary>Space-separated scopes; empty lets the server apply the client's default.</summary>
    public string? Scope { get; set; }

    /// <summary><c>client_secret_basic</c> (default) or <c>client_secret_post</c>.</summary>
    public string AuthMethod { get; set; } = TokenAuthMethodNames.ClientSecretBasic;

    /// <summary>Secrets Manager ARN of the client secret; required when running in AWS.</summary>
    public string? SecretArn { get; set; }

    /// <summary>The client secret in plain configuration: local mode only, never in AWS.</summary>
    public string? ClientSecret { get; set; }

    public string? Bucket { get; set; }
    public string ObjectKey { get; set; } = "access_token.txt";

    /// <summary>Server-side encryption of the stored token: <c>AES256</c> or <c>aws:kms</c>.</summary>
    public string Sse { get; set; } = SseS3;

    /// <summary>KMS key for <c>aws:kms</c>; empty uses the AWS managed key aws/s3.</summary>
    public string? KmsKeyId { get; set; }

    public TimeSpan ExpiringSoonWindow { get; set; } = TokenState.DefaultExpiringSoonWindow;
    public TimeSpan Timeout { get; set; } = ClientCredentialsRequest.DefaultTimeout;

    /// <summary>Runs the hosted scheduler; tests switch it off so a portal under test runs no job by surprise.</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>How often the scheduler looks at the clock. Short enough that a run starts close to its minute.</summary>
    public TimeSpan SchedulerPollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long an instance holds an occurrence before another may take it over (its holder died).
    /// Must cover a whole run: the token request timeout plus the S3 and DynamoDB writes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The parsed schedule; call only on validated options.</summary>
    public AwsCron ParseSchedule() => AwsCron.Parse(Schedule);

    /// <summary>Builds the request once the secret is known (read from Secrets Manager in AWS, <see cref="ClientSecret"/> locally).</summary>
    public ClientCredentialsRequest ToRequest(string clientSecret) => ToRequest(ClientId!, clientSecret);

    /// <summary>Builds the request with a client id that may come from the secret rather than configuration.</summary>
    public ClientCredentialsRequest ToRequest(string clientId, string clientSecret)
    {
        if (!TokenAuthMethodNames.TryParse(AuthMethod, out var method))
            throw new InvalidOperationException($"{SectionName}:AuthMethod '{AuthMethod}' is not valid; validate the options first.");
        return new ClientCredentialsRequest(new Uri(TokenEndpoint!), clientId, clientSecret)
        {
            AuthMethod = method,
            Scope = string.IsNullOrWhiteSpace(Scope) ? null : Scope.Trim(),
            Timeout = Timeout,
        };
    }
}
