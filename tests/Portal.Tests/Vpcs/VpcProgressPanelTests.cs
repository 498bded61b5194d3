using AngleSharp.Dom;
using Portal.Components.Pages.Vpcs;
using Portal.Core.Vpcs;

namespace Portal.Tests.Vpcs;

public sealed class VpcProgressPanelTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_running_request_polls_its_fragment_every_second_and_lists_the_steps_so_far()
    {
        var panel = await RenderAsync(Record(VpcStatus.InProgress) with
        {
            Steps = [Step("Submitted", StepOutcomes.Ok), Step("CreateVpc", StepOutcomes.Ok, "vpc-0abc")],
        });

        Assert.Equal("/vpcs/0123456789abcdef0123456789abcdef/progress/panel", panel.GetAttribute("hx-get"));
        Assert.Equal("every 1s", panel.GetAttribute("hx-trigger"));
        Assert.Equal("outerHTML", panel.GetAttribute("hx-swap"));
        Assert.Equal(["Submitted", "CreateVpc"], panel.QuerySelectorAll("[data-testid=step] .fw-semibold").Select(s => s.TextContent));
        Assert.Contains("vpc-0abc", panel.QuerySelectorAll("[data-testid=step]")[1].TextContent);
        Assert.Null(panel.QuerySelector("[data-testid=failure]"));
    }

    [Fact]
    public async Task A_failed_request_stops_polling_and_shows_the_aws_error_and_the_rollback_outcome()
    {
        var panel = await RenderAsync(Record(VpcStatus.Failed) with
        {
            ErrorCode = "VpcLimitExceeded",
            ErrorMessage = "The maximum number of VPCs has been reached.",
            RollbackOutcome = "complete",
            Steps = [Step("Submitted", StepOutcomes.Ok), Step("CreateVpc", StepOutcomes.Failed, "VpcLimitExceeded")],
        });

        Assert.False(panel.HasAttribute("hx-trigger"));
        Assert.Equal("VpcLimitExceeded", panel.QuerySelector("[data-testid=error-code]")!.TextContent);
        Assert.Equal("The maximum number of VPCs has been reached.", panel.QuerySelector("[data-testid=error-message]")!.TextContent);
        Assert.StartsWith("complete", panel.QuerySelector("[data-testid=rollback]")!.TextContent);
        Assert.Equal("failed", panel.QuerySelectorAll("[data-testid=step]")[1].GetAttribute("data-outcome"));
        Assert.Null(panel.QuerySelector("[data-testid=open-vpc]"));
    }

    [Fact]
    public async Task A_rollback_that_left_resources_says_what_is_left()
    {
        var panel = await RenderAsync(Record(VpcStatus.Failed) with
        {
            ErrorCode = "InternalError",
            ErrorMessage = "boom",
            RollbackOutcome = "left: subnet-1",
        });

        Assert.Equal("left: subnet-1", panel.QuerySelector("[data-testid=rollback]")!.TextContent);
    }

    [Fact]
    public async Task A_succeeded_request_links_to_the_detail_page_and_asks_once_more_to_be_redirected()
    {
        var panel = await RenderAsync(Record(VpcStatus.Succeeded) with { VpcId = "vpc-0abc" });

        Assert.Equal("load delay:1s", panel.GetAttribute("hx-trigger"));
        var link = panel.QuerySelector("[data-testid=open-vpc]")!;
        Assert.Equal("/vpcs/0123456789abcdef0123456789abcdef", link.GetAttribute("href"));
        Assert.Contains("vpc-0abc", link.TextContent);
    }

    private static VpcRecord Record(VpcStatus status) => new()
    {
        RequestId = "0123456789abcdef0123456789abcdef",
        Name = "prod",
        Cidr = "10.0.0.0/16",
        Status = status,
        RequestedBy = "admin",
        CreatedAt = Start,
        UpdatedAt = Start,
        Region = "us-east-1",
        Sandbox = true,
    };

    private static ProvisioningStep Step(string name, string outcome, string? detail = null) => new(Start, name, outcome, detail);

    private static async Task<IElement> RenderAsync(VpcRecord record)
    {
        var document = await ComponentHtml.RenderAsync<VpcProgressPanel>(new Dictionary<string, object?> { [nameof(VpcProgressPanel.Record)] = record });
        return document.QuerySelector("[data-testid=progress]")!;
    }
}
