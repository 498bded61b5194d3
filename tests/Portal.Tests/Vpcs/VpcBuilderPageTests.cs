using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Vpcs;
using Portal.Core.Vpcs;
using Portal.Tests.Components;

namespace Portal.Tests.Vpcs;

/// <summary>/vpcs/new rendered over the real portal services: Core plans and checks as the user types.</summary>
public sealed class VpcBuilderPageTests(BuilderPortal portal) : IClassFixture<BuilderPortal>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Typing_a_block_or_ticking_a_zone_replans_the_rows_and_the_diagram()
    {
        await using var ctx = portal.Page();
        var cut = await OpenAsync(ctx);
        Assert.Equal(4, cut.FindAll("[data-testid=plan-row]").Count);

        Type(cut, BuilderFields.CidrId, "10.42.0.0/16");
        cut.WaitForAssertion(() => Assert.All(cut.FindAll("[data-testid=diagram-subnet]"),
            box => Assert.StartsWith("10.42.", box.GetAttribute("data-cidr"), StringComparison.Ordinal)), Wait);

        Zone(cut, 2).Change(true);
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=diagram-zone]").Count), Wait);
        Assert.Equal(6, cut.FindAll("[data-testid=plan-row]").Count);
        Assert.Equal(6, cut.FindAll("[data-testid=diagram-subnet]").Count);
    }

    [Fact]
    public async Task Errors_sit_beside_their_fields_and_the_summary_names_them_by_label_with_links_that_move_focus()
    {
        await using var ctx = portal.Page();
        var focus = ctx.JSInterop.SetupModule("./js/focus-field.js");
        focus.SetupVoid("focusField", _ => true);
        var cut = await OpenAsync(ctx);

        Type(cut, BuilderFields.NameId, "aws:prod");
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find($"#{BuilderFields.NameId}").GetAttribute("aria-invalid")), Wait);
        cut.Find("[data-testid=add-tag]").Click();
        cut.WaitForAssertion(() => cut.Find($"#{BuilderFields.TagId(0, "Key")}"), Wait);
        Type(cut, BuilderFields.TagId(0, "Key"), "team!");
        await Task.Delay(1000); // the key's own pause (300 ms) ends before the next field re-renders the form, even on a busy machine
        Type(cut, BuilderFields.SubnetCidrId(0), "192.168.0.0/24");

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=issues] [data-testid=issue]").Count), Wait);
        var summary = cut.Find("[data-testid=issues]");
        var links = summary.QuerySelectorAll("[data-testid=issue-link]").ToDictionary(a => a.TextContent.Trim(), a => a.GetAttribute("href"));
        Assert.Equal($"#{BuilderFields.NameId}", links["Name"]);
        Assert.Equal($"#{BuilderFields.TagId(0, "Key")}", links["Tag 1 key"]);
        var subnetLink = Assert.Single(links, link => link.Key.StartsWith("CIDR of ", StringComparison.Ordinal));
        Assert.Equal($"#{BuilderFields.SubnetCidrId(0)}", subnetLink.Value);
        Assert.DoesNotContain("Subnets[", summary.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Tags[", summary.TextContent, StringComparison.Ordinal);

        // Each message also sits beside its own field, which says it is invalid.
        Assert.Contains("prefix AWS reserves", FieldText(cut, BuilderFields.NameId), StringComparison.Ordinal);
        Assert.Contains("'!'", FieldText(cut, BuilderFields.TagId(0, "Key")), StringComparison.Ordinal);
        Assert.Equal("true", cut.Find($"#{BuilderFields.TagId(0, "Key")}").GetAttribute("aria-invalid"));
        Assert.Equal("true", cut.Find($"#{BuilderFields.SubnetCidrId(0)}").GetAttribute("aria-invalid"));
        Assert.NotEqual("true", cut.Find($"#{BuilderFields.CidrId}").GetAttribute("aria-invalid"));

        summary.QuerySelectorAll("[data-testid=issue-link]").First(a => a.TextContent.Trim() == "Tag 1 key").Click();
        await BuilderPortal.EventuallyAsync(() => Assert.Equal(BuilderFields.TagId(0, "Key"), focus.VerifyInvoke("focusField").Arguments[0]));
    }

    [Fact]
    public async Task Create_stays_off_until_the_plan_is_valid()
    {
        await using var ctx = portal.Page();
        var cut = await OpenAsync(ctx);
        Assert.True(Create(cut).HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=issues]"));

        Type(cut, BuilderFields.NameId, "valid-name");
        cut.WaitForAssertion(() => Assert.False(Create(cut).HasAttribute("disabled")), Wait);

        Type(cut, BuilderFields.CidrId, "10.0.0.0/8");
        cut.WaitForAssertion(() => Assert.True(Create(cut).HasAttribute("disabled")), Wait);
        Assert.Contains("Create is off until", cut.Find("[data-testid=create-note]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_a_live_vpc_has_blocks_create_and_a_block_overlapping_one_only_warns()
    {
        await portal.RecordAsync("taken-name", "172.30.0.0/16", VpcStatus.Succeeded);
        await using var ctx = portal.Page();
        var cut = await OpenAsync(ctx);

        Type(cut, BuilderFields.NameId, "Taken-Name");
        cut.WaitForAssertion(() => Assert.Contains("already has a VPC named 'taken-name'", FieldText(cut, BuilderFields.NameId), StringComparison.Ordinal), Wait);
        Assert.True(Create(cut).HasAttribute("disabled"));

        Type(cut, BuilderFields.NameId, "overlapping");
        Type(cut, BuilderFields.CidrId, "172.30.0.0/16");
        cut.WaitForAssertion(() => Assert.Contains("overlaps 'taken-name' (172.30.0.0/16)", cut.Find("[data-testid=warnings]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("Warning:", FieldText(cut, BuilderFields.CidrId), StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[data-testid=issues]").Count == 0, string.Join(" | ", cut.FindAll("[data-testid=issues]").Select(e => e.TextContent))), Wait);
        Assert.False(Create(cut).HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_viewer_behind_an_admins_page_is_refused_on_create_and_nothing_is_recorded()
    {
        await using var ctx = portal.Page();
        var cut = await OpenAsync(ctx);
        Type(cut, BuilderFields.NameId, "viewer-try");
        cut.WaitForAssertion(() => Assert.False(Create(cut).HasAttribute("disabled")), Wait);

        ctx.ChangeUserBehindThePage(PageContext.Viewer());
        Create(cut).Click();

        cut.WaitForAssertion(() => Assert.Contains(ctx.SnackbarMessages, m => m.StartsWith("Only members of", StringComparison.Ordinal)), Wait);
        Assert.DoesNotContain(await portal.Records.ListRecentAsync(100), r => r.Name == "viewer-try");
        Assert.EndsWith("/", ctx.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admins_create_submits_the_plan_as_shown_and_goes_to_its_progress()
    {
        await using var ctx = portal.Page();
        var cut = await OpenAsync(ctx);
        // One field at a time, each applied before the next, as a user moves through the form.
        Type(cut, BuilderFields.SubnetCidrId(3), "10.0.200.0/24");
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("[data-testid=diagram-subnet]"), s => s.GetAttribute("data-cidr") == "10.0.200.0/24"), Wait);
        Type(cut, BuilderFields.NameId, "built-here");
        cut.WaitForAssertion(() => Assert.False(Create(cut).HasAttribute("disabled")), Wait);
        cut.Find("[data-testid=add-tag]").Click();
        cut.WaitForAssertion(() => cut.Find($"#{BuilderFields.TagId(0, "Key")}"), Wait);
        Type(cut, BuilderFields.TagId(0, "Key"), "team");
        Type(cut, BuilderFields.TagId(0, "Value"), "net");
        // Leaving a field (clicking Create does it in a browser) applies what was typed without waiting for the pause.
        cut.Find($"#{BuilderFields.TagId(0, "Value")}").Blur();
        cut.WaitForAssertion(() => Assert.Contains("4 subnets", cut.Find("[data-testid=create-note]").TextContent, StringComparison.Ordinal), Wait);
        await Task.Delay(1000); // the key's own pause (300 ms) ends
        Create(cut).Click();

        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches("/vpcs/[0-9a-f]{32}/progress$", navigation.Uri), Wait);
        var requestId = new Uri(navigation.Uri).Segments[2].TrimEnd('/');
        var record = await portal.WaitForFinishAsync(requestId);
        Assert.Equal(VpcStatus.Succeeded, record.Status);
        Assert.Equal(("built-here", "admin"), (record.Name, record.RequestedBy));
        Assert.Equal([new VpcRequestTag("team", "net")], record.Tags);
        Assert.Equal("10.0.200.0/24", record.Subnets[3].Cidr);
    }

    [Fact]
    public async Task Edit_and_retry_fills_the_builder_with_the_failed_requests_values()
    {
        var failed = await portal.RecordAsync("retry-me", "10.77.0.0/16", VpcStatus.Failed, r => r with
        {
            Tags = [new("team", "blue")],
            EnableDnsHostnames = false,
            Subnets =
            [
                new("public-b", "10.77.0.0/24", "us-east-1b", Core.Networking.SubnetKind.Public, 251),
                new("public-c", "10.77.1.0/24", "us-east-1c", Core.Networking.SubnetKind.Public, 251),
            ],
            ErrorCode = "InternalError",
        });
        await using var ctx = portal.Page();
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/vpcs/new?retry={failed.RequestId}");

        var cut = await OpenAsync(ctx);

        Assert.NotNull(cut.Find("[data-testid=retry-note]"));
        Assert.Equal("retry-me", cut.Find($"#{BuilderFields.NameId}").GetAttribute("value"));
        Assert.Equal("10.77.0.0/16", cut.Find($"#{BuilderFields.CidrId}").GetAttribute("value"));
        Assert.Equal(["us-east-1b", "us-east-1c"], cut.FindAll("[data-testid=diagram-zone]").Select(z => z.GetAttribute("data-zone")));
        Assert.Equal("1", cut.Find($"#{BuilderFields.PublicId}").GetAttribute("value"));
        Assert.Equal("0", cut.Find($"#{BuilderFields.PrivateId}").GetAttribute("value"));
        Assert.Equal("blue", cut.Find($"#{BuilderFields.TagId(0, "Value")}").GetAttribute("value"));
        Assert.Equal(["10.77.0.0/24", "10.77.1.0/24"], cut.FindAll("[data-testid=diagram-subnet]").Select(s => s.GetAttribute("data-cidr")));
        Assert.False(Create(cut).HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_retry_of_no_failed_request_starts_from_the_defaults_and_says_so()
    {
        await using var ctx = portal.Page();
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/vpcs/new?retry={VpcRequestIds.New()}");

        var cut = await OpenAsync(ctx);

        Assert.NotNull(cut.Find("[data-testid=retry-missing]"));
        Assert.Equal("", cut.Find($"#{BuilderFields.NameId}").GetAttribute("value") ?? "");
    }

    internal static async Task<IRenderedComponent<VpcNew>> OpenAsync(PageContext ctx)
    {
        var cut = ctx.Render<VpcNew>();
        await Task.Yield();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=preflight]")), Wait);
        return cut;
    }

    /// <summary>Types into a field as a user does (input events; the page applies them after its debounce). A render
    /// between finding the field and typing (an earlier debounce firing) is retried.</summary>
    internal static void Type<T>(IRenderedComponent<T> cut, string inputId, string text) where T : IComponent
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                cut.Find($"#{inputId}").Input(text);
                return;
            }
            catch (Bunit.Rendering.UnknownEventHandlerIdException) when (attempt < 5)
            {
            }
        }
    }

    internal static AngleSharp.Dom.IElement Create(IRenderedComponent<VpcNew> cut) => cut.Find("[data-testid=create]");

    private static AngleSharp.Dom.IElement Zone(IRenderedComponent<VpcNew> cut, int index) =>
        cut.FindAll("input[data-testid=zone]")[index];

    /// <summary>The text of the field's own control (its error or helper text below the input).</summary>
    private static string FieldText(IRenderedComponent<VpcNew> cut, string inputId) =>
        cut.Find($"#{inputId}").Closest(".mud-input-control")!.TextContent;
}
