using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Aws;

namespace Portal.Testing;

/// <summary>The real local stack (DynamoDB Local, fauxqs for SQS and SNS, s3rver, the Cognito-shaped OIDC provider and the pool's admin API) started from
/// infra/local/stack.mjs on free ports with a throw-away data folder, once per test process.
/// It exits when this process closes its stdin, so no server outlives the tests.</summary>
public sealed class LocalStack : IAsyncDisposable
{
    /// <summary>Portal origins the provider accepts as redirect and logout targets; portal test servers take these ports.</summary>
    public const int PortalPortCount = 40;

    private static readonly Lazy<Task<LocalStack>> SharedStack = new(() => StartAsync());
    private readonly Process _process;
    private readonly string _dataDir;
    private int _nextPortalPort;

    private LocalStack(Process process, string dataDir, JsonElement ready, int[] portalPorts)
    {
        _process = process;
        _dataDir = dataDir;
        DynamoDb = new Uri(ready.GetProperty("dynamodb").GetString()!);
        S3 = new Uri(ready.GetProperty("s3").GetString()!);
        Oidc = new Uri(ready.GetProperty("oidc").GetString()!);
        Cognito = new Uri(ready.GetProperty("cognito").GetString()!);
        Sqs = new Uri(ready.GetProperty("sqs").GetString()!);
        Sns = new Uri(ready.GetProperty("sns").GetString()!);
        PortalPorts = portalPorts;
    }

    public Uri DynamoDb { get; }
    public Uri S3 { get; }
    public Uri Oidc { get; }

    /// <summary>The user pool's admin API (cognito-idp).</summary>
    public Uri Cognito { get; }
    public Uri Sqs { get; }
    public Uri Sns { get; }
    public IReadOnlyList<int> PortalPorts { get; }

    /// <summary>The stand-in's user pool id, from infra/local/users.json.</summary>
    public static string UserPoolId => DemoUser.UserPoolId;

    /// <summary>The temporary password in the newest invitation the stand-in "emailed" to <paramref name="email"/>.</summary>
    public string TemporaryPasswordSentTo(string email)
    {
        var outbox = Path.Combine(_dataDir, "cognito-outbox.jsonl");
        var body = File.ReadLines(outbox)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Last(mail => mail.GetProperty("to").GetString() == email)
            .GetProperty("body").GetString()!;
        return System.Text.RegularExpressions.Regex.Match(body, @"temporary password is (\S+)\.$").Groups[1].Value;
    }

    /// <summary>The provider's RS256 signing keys (a JWKS with the private parts), so tests can forge tokens
    /// that differ from real ones in exactly one way.</summary>
    public string SigningKeysFile => Path.Combine(_dataDir, "oidc-jwks.json");

    public static Task<LocalStack> Shared => SharedStack.Value;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A portal port the provider knows, not yet handed to another test server in this process.</summary>
    public int TakePortalPort()
    {
        var index = Interlocked.Increment(ref _nextPortalPort) - 1;
        if (index >= PortalPorts.Count)
            throw new InvalidOperationException($"All {PortalPorts.Count} portal ports are taken; raise {nameof(PortalPortCount)}.");
        return PortalPorts[index];
    }

    /// <summary>Settings that point a portal (or Core services) at this stack.</summary>
    public Dictionary<string, string?> PortalSettings() => new()
    {
        ["Portal:Mode"] = "Local",
        ["Portal:Aws:DynamoDbServiceUrl"] = DynamoDb.ToString().TrimEnd('/'),
        ["Portal:Aws:S3ServiceUrl"] = S3.ToString().TrimEnd('/'),
        ["Portal:Aws:CognitoServiceUrl"] = Cognito.ToString().TrimEnd('/'),
        ["Portal:Aws:SqsServiceUrl"] = Sqs.ToString().TrimEnd('/'),
        ["Portal:Aws:SnsServiceUrl"] = Sns.ToString().TrimEnd('/'),
        ["Portal:Auth:UserPoolId"] = UserPoolId,
        ["Portal:Auth:ClientId"] = "portal-web",
        ["Portal:Auth:ClientSecret"] = "portal-web-secret",
        ["Portal:Aws:AccessKeyId"] = "S3RVER",
        ["Portal:Aws:SecretAccessKey"] = "S3RVER",
        ["Portal:Auth:Authority"] = Oidc.ToString().TrimEnd('/'),
        ["Portal:Tokens:TokenEndpoint"] = new Uri(Oidc, "oauth2/token").ToString(),
        // Tests run the token job when they mean to, not on a portal's start; the same for the orders pipeline's consumer
        // and stream notifier (a test that needs them turns them on, or drives them itself).
        ["Portal:Tokens:SchedulerEnabled"] = "false",
        ["Portal:Orders:ConsumerEnabled"] = "false",
        ["Portal:Orders:NotifierEnabled"] = "false",
    };

    /// <summary>The portal's own service wiring (AddPortalAws) pointed at this stack, plus whatever the test adds;
    /// so Core integration tests use the same clients and options as the portal.</summary>
    public ServiceProvider Services(Action<IServiceCollection, IConfiguration>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var merged = PortalSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            merged[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(merged).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddPortalAws(configuration);
        configure?.Invoke(services, configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>Creates the tables the registered features declared, and the bucket, as the portal does on start.</summary>
    public static Task<IReadOnlyList<string>> EnsureResourcesAsync(IServiceProvider services) =>
        services.GetRequiredService<LocalResourceBootstrapper>().EnsureAsync(CancellationToken.None);

    /// <param name="environment">Extra stack settings (e.g. lowered Cognito quotas); a stack of its own, not the shared one.</param>
    public static async Task<LocalStack> StartAsync(TimeSpan? timeout = null, IDictionary<string, string>? environment = null)
    {
        var portalPorts = PortalPortsOutsideEphemeralRange(PortalPortCount);
        var dataDir = Directory.CreateTempSubdirectory("portal-stack-").FullName;
        var script = Path.Combine(RepositoryRoot, "infra", "local", "stack.mjs");
        var start = new ProcessStartInfo("node", [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        // Port 0: the stack binds whatever is free and its READY line says where, so no other process can take a port
        // between our choosing it and the stack binding it.
        start.Environment["PORTAL_DYNAMODB_PORT"] = "0";
        start.Environment["PORTAL_S3_PORT"] = "0";
        start.Environment["PORTAL_OIDC_PORT"] = "0";
        start.Environment["PORTAL_COGNITO_PORT"] = "0";
        start.Environment["PORTAL_SQS_PORT"] = "0";
        start.Environment["PORTAL_DATA_DIR"] = dataDir;
        start.Environment["PORTAL_STACK_EXIT_WITH_STDIN"] = "1";
        // The stack removes the folder as it stops: that works even when the test host is killed before its
        // exit handlers finish (vstest does not wait for them).
        start.Environment["PORTAL_STACK_REMOVE_DATA_ON_EXIT"] = "1";
        start.Environment["PORTAL_ORIGINS"] = string.Join(",", portalPorts.Select(p => $"http://127.0.0.1:{p}"));
        // Tests create many users in one day; Cognito's own request-rate quotas stay as they are.
        start.Environment["PORTAL_COGNITO_EMAILS_PER_DAY"] = "100000";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) errors.Enqueue(e.Data); };
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(process);

        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
            {
                if (!line.StartsWith("READY ", StringComparison.Ordinal))
                    continue;
                var ready = JsonDocument.Parse(line["READY ".Length..]).RootElement;
                _ = DrainAsync(process.StandardOutput);
                return new LocalStack(process, dataDir, ready, portalPorts);
            }
        }
        catch (OperationCanceledException)
        {
        }

        Stop(process);
        DeleteDataDir(dataDir);
        throw new InvalidOperationException(
            $"The local stack did not report READY. Did `npm ci --prefix infra/local` run? Its stderr:\n{string.Join("\n", errors)}");
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_process);
        await _process.WaitForExitAsync();
    }

    private static void DeleteDataDir(string dataDir)
    {
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stack that failed to start leaves the folder to the OS's temp clean-up.
        }
    }

    /// <summary>Portal ports must be known before the stack starts (they are its redirect origins), so they are chosen
    /// at random below Linux's ephemeral range (32768+): a port picked there is never handed to some other
    /// connection in the meantime, which made "address already in use" failures when test projects ran side by side.</summary>
    private static int[] PortalPortsOutsideEphemeralRange(int count)
    {
        var ports = new HashSet<int>();
        while (ports.Count < count)
        {
            var port = Random.Shared.Next(20000, 32000);
            if (!ports.Contains(port) && CanBind(port))
                ports.Add(port);
        }

        return [.. ports];
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A port free now (for a loopback test server, or one nothing listens on for connection-refused tests).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Stop(Process process)
    {
        try
        {
            if (process.HasExited)
                return;
            process.StandardInput.Close();
            if (!process.WaitForExit(3000))
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static async Task DrainAsync(StreamReader output)
    {
        while (await output.ReadLineAsync() is not null)
        {
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Portal.sln not found above " + AppContext.BaseDirectory);
    }
}
