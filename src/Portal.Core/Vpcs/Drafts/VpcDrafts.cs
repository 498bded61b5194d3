using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Networking;
using Portal.Core.Vpcs.Sandbox;

namespace Portal.Core.Vpcs;

/// <summary>
/// The VPC builder's application service: the zones it offers, the estate it checks a draft against, Create (the
/// draft's own rules, then the estate's, then <see cref="VpcProvisioning.SubmitAsync"/>), and the values of a
/// failed request for "Edit and retry". Callers authorize the user first.
/// </summary>
public sealed class VpcDrafts(IEc2Api ec2, VpcRecordStore store, VpcProvisioning provisioning,
    IOptions<VpcOptions> options, IOptions<PortalOptions> portal, IOptions<AwsOptions> aws, VpcCostEstimator? costs = null)
{
    /// <summary>What the builder shows for the draft, priced for this Region when the price table has it.</summary>
    public VpcDraftPreview Preview(VpcDraft draft, IReadOnlyList<string> regionZones) => VpcDraftPreview.Build(draft, regionZones, costs);

    /// <summary>The Region's zones in state "available", in name order.</summary>
    public async Task<IReadOnlyList<string>> ZonesAsync(CancellationToken cancellationToken = default)
    {
        var zones = await ec2.DescribeAvailabilityZonesAsync(cancellationToken);
        return zones.Where(zone => zone.State == "available").Select(zone => zone.ZoneName).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The Region's VPCs against its quota, and the portal's live VPCs.</summary>
    public async Task<VpcEstate> EstateAsync(CancellationToken cancellationToken = default)
    {
        var inRegion = await ec2.DescribeVpcsAsync([], cancellationToken);
        var live = await store.ListByStatusAsync(VpcEstate.LiveStatuses, cancellationToken);
        var notYetCreated = live.Count(record => record.Status is VpcStatus.Pending or VpcStatus.InProgress && record.VpcId is null);
        return new VpcEstate(aws.Value.Region, Quota, inRegion.Count + notYetCreated, live);
    }

    /// <summary>
    /// Submits the draft as request <paramref name="requestId"/>, or returns that request's record when it was already
    /// submitted (a second press of Create). Throws <see cref="VpcRequestRejectedException"/> with every issue, the
    /// estate's included, when anything blocks it; nothing is recorded then.
    /// </summary>
    public async Task<VpcRecord> CreateAsync(VpcDraft draft, IReadOnlyList<string> regionZones, string requestId, string requestedBy,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (VpcRequestIds.IsValid(requestId) && await store.GetAsync(requestId, cancellationToken) is { } submitted)
            return submitted;

        var preview = Preview(draft, regionZones);
        var issues = preview.Issues.Concat((await EstateAsync(cancellationToken)).Check(preview.Request)).ToArray();
        if (issues.HasErrors())
            throw new VpcRequestRejectedException(issues);
        return await provisioning.SubmitAsync(preview.Request, requestId, requestedBy, cancellationToken);
    }

    /// <summary>The values of a failed create, to edit and submit again; null when there is no such failed request.</summary>
    public async Task<VpcDraft?> RetryOfAsync(string requestId, CancellationToken cancellationToken = default) =>
        VpcRequestIds.IsValid(requestId) && await store.GetAsync(requestId, cancellationToken) is { Status: VpcStatus.Failed } failed
            ? VpcDraft.From(failed)
            : null;

    /// <summary>The sandbox enforces AWS's default quota; in AWS the account's own quota is configured.</summary>
    private int Quota => portal.Value.Mode == PortalMode.Local ? SandboxOptions.VpcsPerRegion : options.Value.RegionVpcQuota;
}
