using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Vpcs;
using Portal.Core.Vpcs;
using Portal.Tests.Components;

namespace Portal.Tests.Vpcs;

/// <summary>/vpcs/{id}/progress over the real record table: the server pushes each saved step to the page.</summary>
public sealed class VpcProgressPageTests(BuilderPortal portal) : IClassFixture<BuilderPortal>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Steps_appear_as_they_are_saved_and_a_success_moves_on_to_the_vpc()
    {
        var record = await portal.RecordAsync("live-steps", "10.60.0.0/16", VpcStatus.Pending);
        await using var ctx = portal.Page();
        var cut = Open(ctx, record.RequestId);
        Assert.Equal("Creating live-steps", cut.Find("h1").TextContent.Trim());
        Assert.Equal("Queued", cut.Find("[data-testid=progress-status]").TextContent.Trim());
        Assert.Single(cut.FindAll("[data-testid=step]"));

        record = await portal.Records.SaveAsync(record with
        {
            Status = VpcStatus.InProgress,
            Steps = [.. record.Steps, new ProvisioningStep(DateTimeOffset.UtcNow, "Create VPC", StepOutcomes.Ok, "vpc-0123456789abcdef0")],
        });
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=step]").Count), Wait);
        Assert.Equal("Creating", cut.Find("[data-testid=progress-status]").TextContent.Trim());

        await portal.Records.SaveAsync(record with
        {
            Status = VpcStatus.Succeeded,
            VpcId = "vpc-0123456789abcdef0",
            Steps = [.. record.Steps, new ProvisioningStep(DateTimeOffset.UtcNow, "Succeeded", StepOutcomes.Ok, null)],
        });
        cut.WaitForAssertion(() => Assert.Equal("Created live-steps", cut.Find("h1").TextContent.Trim()), Wait);
        Assert.Equal($"/vpcs/{record.RequestId}", cut.Find("[data-testid=open-vpc]").GetAttribute("href"));
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        await BuilderPortal.EventuallyAsync(() => Assert.EndsWith($"/vpcs/{record.RequestId}", navigation.Uri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_create_says_failed_and_why_and_offers_edit_and_retry()
    {
        var record = await portal.RecordAsync("went-wrong", "10.61.0.0/16", VpcStatus.Failed, r => r with
        {
            ErrorCode = "VpcLimitExceeded",
            ErrorMessage = "The maximum number of VPCs has been reached.",
            RollbackOutcome = "complete",
            Steps = [.. r.Steps, new ProvisioningStep(DateTimeOffset.UtcNow, "Failed", StepOutcomes.Failed, "VpcLimitExceeded; rollback complete")],
        });
        await using var ctx = portal.Page();

        var cut = Open(ctx, record.RequestId);

        Assert.Equal("Failed to create went-wrong", cut.Find("h1").TextContent.Trim());
        Assert.DoesNotContain("Creating", cut.Find("h1").TextContent, StringComparison.Ordinal);
        Assert.Equal("Failed", cut.Find("[data-testid=progress-status]").TextContent.Trim());
        Assert.Equal("VpcLimitExceeded", cut.Find("[data-testid=error-code]").TextContent);
        Assert.Contains("maximum number of VPCs", cut.Find("[data-testid=error-message]").TextContent, StringComparison.Ordinal);
        Assert.Contains("nothing was left behind", cut.Find("[data-testid=rollback]").TextContent, StringComparison.Ordinal);
        Assert.Equal($"/vpcs/new?retry={record.RequestId}", cut.Find("[data-testid=edit-and-retry]").GetAttribute("href"));
    }

    [Fact]
    public async Task A_viewer_sees_the_failure_without_edit_and_retry()
    {
        var record = await portal.RecordAsync("viewer-sees", "10.62.0.0/16", VpcStatus.Failed, r => r with { ErrorCode = "InternalError" });
        await using var ctx = portal.Page(PageContext.Viewer());

        var cut = Open(ctx, record.RequestId);

        Assert.NotNull(cut.Find("[data-testid=failure]"));
        Assert.Empty(cut.FindAll("[data-testid=edit-and-retry]"));
    }

    private static IRenderedComponent<VpcProgress> Open(PageContext ctx, string requestId)
    {
        var cut = ctx.Render<VpcProgress>(p => p.Add(c => c.RequestId, requestId));
        cut.WaitForElement("[data-testid=progress]", Wait);
        return cut;
    }

    [Fact]
    public async Task An_unknown_request_is_not_found()
    {
        await using var ctx = portal.Page();
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        var notFound = false;
        navigation.OnNotFound += (_, _) => notFound = true;

        var cut = ctx.Render<VpcProgress>(p => p.Add(c => c.RequestId, VpcRequestIds.New()));

        cut.WaitForAssertion(() => Assert.True(notFound), Wait);
        Assert.Empty(cut.FindAll("[data-testid=progress]"));
    }
}
