using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Vpcs;
using Portal.Core.Networking;
using Portal.Core.Vpcs;
using Portal.Tests.Components;
using static Portal.Tests.Vpcs.VpcBuilderPageTests;

namespace Portal.Tests.Vpcs;

/// <summary>The builder's "VPC and more" choices (NAT gateways, S3 endpoint, IPv6, tenancy) over the real portal: what
/// they change in the plan and diagram, what Create submits, where their issues show, and Edit and retry.</summary>
public sealed class VpcBuilderNetworkChoicesTests(BuilderPortal portal) : IClassFixture<BuilderPortal>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task One_nat_per_az_ipv6_the_endpoint_and_dedicated_tenancy_are_drawn_and_go_into_what_create_submits()
    {
        await using var ctx = portal.Page();
        var cut = await OpenAsync(ctx);
        Assert.Empty(cut.FindAll("[data-testid=diagram-nat]"));
        Assert.Empty(cut.FindAll("[data-testid=diagram-ipv6]"));

        Choose(cut, "nat-per-zone");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=diagram-nat]").Count), Wait);
        // One in each zone's public subnet, none in a private one.
        Assert.All(cut.FindAll("[data-testid=diagram-nat]"), nat => Assert.Equal("public", nat.Closest("[data-testid=diagram-subnet]")!.GetAttribute("data-kind")));
        Assert.Equal(2, cut.FindAll("[data-testid=diagram-zone]").Count(zone => zone.QuerySelectorAll("[data-testid=diagram-nat]").Length == 1));
        // Priced from appsettings.json's table for us-east-1: 2 x $0.045/h NAT + 2 x $0.005/h IPv4, 730 h a month.
        cut.WaitForAssertion(() => Assert.Contains("73.00", cut.Find("[data-testid=cost-total]").TextContent, StringComparison.Ordinal), Wait);
        // What the estimate leaves out is said once, with the per-GB price from the table.
        var source = cut.Find("[data-testid=cost-source]").TextContent;
        Assert.Contains("Not included: data the NAT gateways process ($0.045 per GB)", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Data processing (per GB) and instances are not included", source, StringComparison.Ordinal);
        Assert.Equal(["public-a", "public-b"], cut.FindAll("[data-testid=row-nat]").Select(chip => chip.Closest("tr")!.QuerySelector("[data-testid=plan-row]")!.TextContent.Trim()));

        Choose(cut, "nat-single");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=diagram-nat]")), Wait);
        Assert.Single(cut.FindAll("[data-testid=diagram-zone]")[0].QuerySelectorAll("[data-testid=diagram-nat]"));
        Choose(cut, "nat-per-zone");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=diagram-nat]").Count), Wait);

        Switch(cut, "ipv6", true);
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=diagram-ipv6]").Count), Wait);
        Assert.NotNull(cut.Find("[data-testid=ipv6-note]"));
        Switch(cut, "s3-endpoint", true);
        Choose(cut, "tenancy-dedicated");
        cut.WaitForAssertion(() => Assert.Contains("single-tenant hardware", cut.Find("[data-testid=tenancy-field]").TextContent, StringComparison.Ordinal), Wait);

        Type(cut, BuilderFields.NameId, "more-choices");
        cut.WaitForAssertion(() => Assert.Equal("Creates the VPC, an internet gateway, 2 NAT gateways, an S3 gateway endpoint and 4 subnets.",
            cut.Find("[data-testid=create-note]").TextContent.Trim()), Wait);
        Create(cut).Click();

        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches("/vpcs/[0-9a-f]{32}/progress$", navigation.Uri), Wait);
        var record = await portal.Records.GetAsync(new Uri(navigation.Uri).Segments[2].TrimEnd('/'));
        Assert.NotNull(record);
        Assert.Equal((NatGatewayMode.PerZone, true, true, VpcTenancy.Dedicated), (record.NatGatewayMode, record.S3GatewayEndpoint, record.Ipv6, record.Tenancy));
        Assert.Equal(73.00m, record.CostEstimate?.MonthlyUsd);
        await portal.WaitForFinishAsync(record.RequestId);
    }

    [Fact]
    public async Task Edit_and_retry_fills_the_nat_endpoint_ipv6_and_tenancy_choices_back_in()
    {
        var failed = await portal.RecordAsync("retry-more", "10.78.0.0/16", VpcStatus.Failed, r => r with
        {
            NatGatewayMode = NatGatewayMode.Single,
            S3GatewayEndpoint = true,
            Ipv6 = true,
            Tenancy = VpcTenancy.Dedicated,
            Subnets =
            [
                new("public-a", "10.78.0.0/24", "us-east-1a", SubnetKind.Public, 251),
                new("private-a", "10.78.1.0/24", "us-east-1a", SubnetKind.Private, 251),
            ],
            ErrorCode = "NatGatewayLimitExceeded",
        });
        await using var ctx = portal.Page();
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/vpcs/new?retry={failed.RequestId}");

        var cut = await OpenAsync(ctx);

        Assert.True(Checked(cut, "nat-single"));
        Assert.False(Checked(cut, "nat-per-zone"));
        Assert.True(Checked(cut, "s3-endpoint"));
        Assert.True(Checked(cut, "ipv6"));
        Assert.True(Checked(cut, "tenancy-dedicated"));
        Assert.Single(cut.FindAll("[data-testid=diagram-nat]"));
        Assert.Equal(2, cut.FindAll("[data-testid=diagram-ipv6]").Count);
    }

    [Fact]
    public async Task A_nat_issue_sits_beside_the_nat_field_and_the_summary_names_it_by_label_and_links_to_it()
    {
        await using var ctx = portal.Page();
        var issue = ValidationIssue.Error("NatGatewayMode", "A NAT gateway needs a public subnet in its zone; add one or choose None.");
        var tenancy = ValidationIssue.Error("Tenancy", "Dedicated tenancy is not offered here.");

        var choices = ctx.Render<NetworkChoices>(p => p
            .Add(c => c.Draft, new VpcDraft { NatGatewayMode = NatGatewayMode.PerZone })
            .Add(c => c.Issues, [issue, tenancy])
            .Add(c => c.OnChange, _ => { }));
        var summary = ctx.Render<IssueSummary>(p => p
            .Add(c => c.Issues, [issue, tenancy])
            .Add(c => c.Subnets, [])
            .Add(c => c.OnFocus, _ => { }));

        var beside = choices.Find($"#{BuilderFields.NatGatewaysId} [data-testid=field-issue]");
        Assert.Equal("NatGatewayMode", beside.GetAttribute("data-field"));
        Assert.Contains("needs a public subnet", beside.TextContent, StringComparison.Ordinal);
        Assert.Equal("alert", beside.GetAttribute("role"));
        Assert.Single(choices.FindAll($"#{BuilderFields.NatGatewaysId} [data-testid=field-issue]")); // not the tenancy's
        Assert.Contains("not offered", choices.Find($"#{BuilderFields.TenancyId} [data-testid=field-issue]").TextContent, StringComparison.Ordinal);
        Assert.Empty(choices.FindAll($"#{BuilderFields.S3EndpointId} [data-testid=field-issue]"));

        var links = summary.FindAll("[data-testid=issue-link]").ToDictionary(a => a.TextContent.Trim(), a => a.GetAttribute("href"));
        Assert.Equal($"#{BuilderFields.NatGatewaysId}", links["NAT gateways"]);
        Assert.Equal($"#{BuilderFields.TenancyId}", links["Tenancy"]);
        Assert.DoesNotContain("NatGatewayMode", summary.Find("[data-testid=issues]").TextContent, StringComparison.Ordinal);
        Assert.Equal(("IPv6 CIDR block", BuilderFields.Ipv6Id), BuilderFields.Of("Ipv6", []));
        Assert.Equal(("S3 gateway endpoint", BuilderFields.S3EndpointId), BuilderFields.Of("S3GatewayEndpoint", []));
    }

    [Fact]
    public async Task The_nat_choice_says_what_it_costs_and_a_change_reports_the_new_draft()
    {
        await using var ctx = portal.Page();
        VpcDraft? changed = null;
        var choices = ctx.Render<NetworkChoices>(p => p
            .Add(c => c.Draft, new VpcDraft())
            .Add(c => c.Issues, [])
            .Add(c => c.OnChange, draft => changed = draft));

        Assert.Contains("charged per hour and per GB", choices.Find("[data-testid=nat-help]").TextContent, StringComparison.Ordinal);
        Assert.Contains("shared hardware", choices.Find("[data-testid=tenancy-field]").TextContent, StringComparison.Ordinal);
        Choose(choices, "nat-per-zone");
        choices.WaitForAssertion(() => Assert.Equal(NatGatewayMode.PerZone, changed?.NatGatewayMode), Wait);
        Switch(choices, "ipv6", true);
        choices.WaitForAssertion(() => Assert.True(changed?.Ipv6), Wait);
    }

    [Fact]
    public async Task The_plan_card_shows_a_given_estimate_an_estimate_of_nothing_and_why_there_is_none()
    {
        await using var ctx = portal.Page();
        string[] zones = ["us-east-1a", "us-east-1b"];
        var preview = VpcDraftPreview.Build(new VpcDraft { Name = "priced", AvailabilityZones = zones, NatGatewayMode = NatGatewayMode.PerZone }, zones);
        var estimate = new VpcCostEstimate(73.00m,
            [new VpcCostLine("NAT gateway hours", 2, 0.045m, 65.70m), new VpcCostLine("Public IPv4 addresses", 2, 0.005m, 7.30m)],
            "us-east-1", "AWS price list (us-east-1, 2026-11)");

        var priced = Plan(ctx, preview with { Cost = estimate }, "us-east-1");
        var lines = priced.FindAll("[data-testid=cost-line]");
        Assert.Equal(["NAT gateway hours", "Public IPv4 addresses"], lines.Select(l => l.GetAttribute("data-item")));
        Assert.Equal(["2", "$0.045", "$65.70"], new[] { "cost-quantity", "cost-hourly", "cost-monthly" }.Select(id => lines[0].QuerySelector($"[data-testid={id}]")!.TextContent.Trim()));
        Assert.Equal("$7.30", lines[1].QuerySelector("[data-testid=cost-monthly]")!.TextContent.Trim());
        Assert.Equal("$73.00", priced.Find("[data-testid=cost-total]").TextContent.Trim());
        var source = priced.Find("[data-testid=cost-source]").TextContent;
        Assert.Contains("us-east-1 from AWS price list (us-east-1, 2026-11)", source, StringComparison.Ordinal);
        Assert.Contains("Data processing (per GB) and instances are not included", source, StringComparison.Ordinal);
        Assert.Empty(priced.FindAll("[data-testid=no-cost]"));

        // No NAT is an estimate of $0, not a missing one.
        var free = Plan(ctx, preview with { Cost = new VpcCostEstimate(0m, [], "us-east-1", "AWS price list") }, "us-east-1");
        Assert.Equal("$0.00", free.Find("[data-testid=cost-total]").TextContent.Trim());
        Assert.Empty(free.FindAll("[data-testid=no-cost]"));

        var unpriced = Plan(ctx, preview, "eu-south-2");
        Assert.Empty(unpriced.FindAll("[data-testid=cost]"));
        Assert.Contains("has no prices for eu-south-2", unpriced.Find("[data-testid=no-cost]").TextContent, StringComparison.Ordinal);
    }

    private static IRenderedComponent<PlanCard> Plan(PageContext ctx, VpcDraftPreview preview, string region) => ctx.Render<PlanCard>(p => p
        .Add(c => c.Preview, preview)
        .Add(c => c.Issues, [])
        .Add(c => c.Region, region));

    private static IElement Input<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        cut.Find($"[data-testid={testId}]") is { TagName: "INPUT" } input ? input : cut.Find($"[data-testid={testId}] input");

    /// <summary>Clicks a radio button, as a user does.</summary>
    private static void Choose<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        cut.InvokeAsync(() => Input(cut, testId).Click()).GetAwaiter().GetResult();

    private static void Switch<T>(IRenderedComponent<T> cut, string testId, bool on) where T : IComponent =>
        cut.InvokeAsync(() => Input(cut, testId).Change(on)).GetAwaiter().GetResult();

    private static bool Checked<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        Input(cut, testId).HasAttribute("checked") || Input(cut, testId).Closest(".mud-checked") is not null
        || Input(cut, testId).ParentElement?.ClassList.Contains("mud-checked") == true;
}
