using Amazon.Runtime;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Networking;
using Portal.Core.Vpcs.Graph;

namespace Portal.Core.Vpcs;

/// <summary>
/// Creates VPCs: <see cref="SubmitAsync"/> validates and records the request (Pending) and queues it;
/// <see cref="RunAsync"/> creates everything, and on any EC2 error rolls back what it created and marks the record Failed.
/// </summary>
public sealed class VpcProvisioning
{
    /// <summary>The error code of a record whose runner died (or failed outside EC2) and that was then rolled back.</summary>
    public const string InterruptedCode = "Interrupted";

    private readonly VpcRecordStore _store;
    private readonly VpcWorkQueue _queue;
    private readonly VpcBuilder _builder;
    private readonly VpcCleanup _cleanup;
    private readonly IOptions<PortalOptions> _portal;
    private readonly IOptions<AwsOptions> _aws;
    private readonly TimeProvider _time;
    private readonly VpcCostEstimator? _costs;

    internal VpcProvisioning(
        VpcRecordStore store, VpcWorkQueue queue, VpcBuilder builder, VpcCleanup cleanup,
        IOptions<PortalOptions> portal, IOptions<AwsOptions> aws, TimeProvider time, VpcCostEstimator? costs = null)
    {
        _store = store;
        _queue = queue;
        _builder = builder;
        _cleanup = cleanup;
        _portal = portal;
        _aws = aws;
        _time = time;
        _costs = costs;
    }

    /// <summary>
    /// Validates (throws <see cref="VpcRequestRejectedException"/> with the issues), writes the Pending record and
    /// queues the work. Idempotent on <paramref name="requestId"/>: a second submit returns the existing record.
    /// </summary>
    public async Task<VpcRecord> SubmitAsync(VpcRequest request, string requestId, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckRequestId(requestId);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        var issues = VpcRequestValidator.Validate(request);
        if (issues.HasErrors())
            throw new VpcRequestRejectedException(issues);

        if (await _store.GetAsync(requestId, cancellationToken) is { } existing)
            return existing;

        var now = _time.GetUtcNow();
        var subnets = SubnetsOf(request);
        var record = new VpcRecord
        {
            RequestId = requestId,
            Name = request.Name.Trim(),
            Cidr = Cidr.Parse(request.Cidr).ToString(),
            Status = VpcStatus.Pending,
            RequestedBy = requestedBy,
            CreatedAt = now,
            UpdatedAt = now,
            EnableDnsSupport = request.EnableDnsSupport,
            EnableDnsHostnames = request.EnableDnsHostnames,
            CreateInternetGateway = request.WillCreateInternetGateway,
            NatGatewayMode = request.NatGatewayMode,
            S3GatewayEndpoint = request.S3GatewayEndpoint,
            Ipv6 = request.Ipv6,
            Tenancy = request.Tenancy,
            Tags = request.Tags,
            Subnets = subnets,
            CostEstimate = _costs?.Estimate(request, out _),
            // Planned now, so the record says from the start what will exist (the builder fills in the ids).
            NatGateways = VpcLayout.NatGateways(request.NatGatewayMode, request.WillCreateInternetGateway, subnets),
            PrivateRouteTables = VpcLayout.PrivateRouteTables(subnets),
            Region = _aws.Value.Region,
            Sandbox = _portal.Value.Mode == PortalMode.Local,
            Steps = [new ProvisioningStep(now, "Submitted", StepOutcomes.Ok, $"by {requestedBy}")],
        };
        var created = await _store.CreateAsync(record, cancellationToken);
        if (created is null)
            return await _store.GetAsync(requestId, cancellationToken) ?? throw new InvalidOperationException($"VPC record {requestId} vanished.");
        await _queue.EnqueueAsync(requestId, cancellationToken);
        return created;
    }

    /// <summary>
    /// Runs a Pending request to the end and returns the final record. If the record is not Pending (already run, or
    /// another runner claimed it first) nothing is created and the record is returned as it stands. An EC2 error rolls
    /// back and returns a Failed record; any other exception leaves the record InProgress for <see cref="RecoverAsync"/>.
    /// </summary>
    public async Task<VpcRecord> RunAsync(string requestId, CancellationToken cancellationToken)
    {
        var record = await GetRequiredAsync(requestId, cancellationToken);
        if (record.Status != VpcStatus.Pending)
            return record;

        VpcProgress progress;
        try
        {
            progress = await VpcProgress.ClaimAsync(_store, _time, record, VpcStatus.InProgress, "Started", null, cancellationToken);
        }
        catch (VpcRecordConflictException)
        {
            return await GetRequiredAsync(requestId, cancellationToken);
        }

        try
        {
            await _builder.BuildAsync(progress, cancellationToken);
            await progress.StepAsync("Succeeded", StepOutcomes.Ok, progress.Current.VpcId, r => r with { Status = VpcStatus.Succeeded }, cancellationToken);
            await progress.FlushAsync();
            return progress.Current;
        }
        catch (AmazonServiceException ex)
        {
            return await RollBackAsync(progress, ex.ErrorCode, ex.Message, cancellationToken);
        }
        catch (Exception)
        {
            await FlushQuietlyAsync(progress);
            throw;
        }
    }

    /// <summary>Rolls back a request whose runner died or failed outside EC2 (record InProgress, or Pending with
    /// resources) and marks it Failed with <see cref="InterruptedCode"/>. A record in any other state is returned as is.</summary>
    public async Task<VpcRecord> RecoverAsync(string requestId, string reason, CancellationToken cancellationToken)
    {
        var record = await GetRequiredAsync(requestId, cancellationToken);
        if (record.Status is not (VpcStatus.InProgress or VpcStatus.Pending))
            return record;
        var progress = await VpcProgress.ClaimAsync(_store, _time, record, VpcStatus.InProgress, "Recovering", reason, cancellationToken);
        return await RollBackAsync(progress, InterruptedCode, $"The work stopped before it finished ({reason}); everything it created is rolled back.", cancellationToken);
    }

    /// <summary>Saves the steps recorded before a failure outside EC2, so the record shows how far it got; the record
    /// stays InProgress for the runner's recovery or the reconciler.</summary>
    private static async Task FlushQuietlyAsync(VpcProgress progress)
    {
        try
        {
            await progress.FlushAsync();
        }
        catch (Exception)
        {
            // The original failure is what matters; the tags find every resource in any case.
        }
    }

    private async Task<VpcRecord> RollBackAsync(VpcProgress progress, string errorCode, string errorMessage, CancellationToken cancellationToken)
    {
        var result = await _cleanup.RemoveAsync(progress, StepOutcomes.RolledBack, cancellationToken);
        await progress.StepAsync("Failed", StepOutcomes.Failed, $"{errorCode}; rollback {result.Outcome}", r => r with
        {
            Status = VpcStatus.Failed,
            ErrorCode = errorCode,
            ErrorMessage = errorMessage,
            RollbackOutcome = result.Outcome,
        }, cancellationToken);
        await progress.FlushAsync();
        return progress.Current;
    }

    private async Task<VpcRecord> GetRequiredAsync(string requestId, CancellationToken cancellationToken) =>
        await _store.GetAsync(requestId, cancellationToken) ?? throw new KeyNotFoundException($"There is no VPC request with id '{requestId}'.");

    /// <summary>The request's rows (planned now when it has none); with IPv6, rows lacking an Ipv6Index take the lowest
    /// free ones and rows that have one keep it (the validator has checked those are unique and 0 to 255).</summary>
    internal static IReadOnlyList<VpcRecordSubnet> SubnetsOf(VpcRequest request)
    {
        var rows = (request.Subnets.Count > 0
            ? request.Subnets.Select(s => (s.Name, Cidr: Cidr.Parse(s.Cidr), s.AvailabilityZone, s.Kind, s.Ipv6Index))
            : SubnetPlanner.Plan(new SubnetPlanRequest(Cidr.Parse(request.Cidr), request.AvailabilityZones, request.PublicSubnetsPerZone, request.PrivateSubnetsPerZone))
                .Plan!.Subnets.Select(s => (s.Name, s.Cidr, s.AvailabilityZone, s.Kind, Ipv6Index: (int?)null))).ToArray();
        var ipv6 = request.Ipv6 ? Ipv6SubnetIndexes.Fill([.. rows.Select(s => s.Ipv6Index)]) : new int?[rows.Length];
        return [.. rows.Select((s, i) => new VpcRecordSubnet(s.Name, s.Cidr.ToString(), s.AvailabilityZone, s.Kind, VpcCidrRules.UsableAddresses(s.Cidr), Ipv6Index: ipv6[i]))];
    }

    internal static void CheckRequestId(string requestId)
    {
        if (!Guid.TryParseExact(requestId, "N", out _))
            throw new ArgumentException($"'{requestId}' is not a request id; use a GUID in \"N\" format (32 hex digits), e.g. Guid.NewGuid().ToString(\"N\").", nameof(requestId));
    }
}
