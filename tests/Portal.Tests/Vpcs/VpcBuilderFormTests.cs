using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Components.Pages.Vpcs;

namespace Portal.Tests.Vpcs;

public sealed class VpcBuilderFormTests
{
    private static readonly string[] RegionZones = ["us-east-1a", "us-east-1b", "us-east-1c"];

    [Fact]
    public async Task A_fresh_form_shows_the_defaults_a_four_row_plan_and_no_messages()
    {
        var form = await RenderAsync("", canCreate: true);

        Assert.Equal("", Input(form, "Name").Value);
        Assert.Equal("10.0.0.0/16", Input(form, "Cidr").Value);
        var zones = form.QuerySelectorAll("input[name=AvailabilityZones]").OfType<IHtmlInputElement>().ToArray();
        Assert.Equal(RegionZones, zones.Select(z => z.Value));
        Assert.Equal([true, true, false], zones.Select(z => z.IsChecked));
        Assert.Equal("1", Input(form, "PublicSubnetsPerZone").Value);
        Assert.Equal("1", Input(form, "PrivateSubnetsPerZone").Value);
        Assert.True(Checkbox(form, "EnableDnsSupport").IsChecked);
        Assert.True(Checkbox(form, "EnableDnsHostnames").IsChecked);
        Assert.Equal("auto", ((IHtmlSelectElement)form.QuerySelector("select[name=CreateInternetGateway]")!).Value);
        Assert.Equal(4, form.QuerySelectorAll("[data-testid=plan-row]").Length);
        Assert.Equal(4, form.QuerySelectorAll("[data-testid=diagram-subnet]").Length);
        Assert.Empty(form.QuerySelectorAll("[data-testid=field-issue]"));
        Assert.Null(form.QuerySelector("[data-testid=issues]"));
    }

    [Fact]
    public async Task An_admin_form_posts_with_an_antiforgery_token_and_request_id_and_previews_through_a_post()
    {
        var form = await RenderAsync("", canCreate: true, requestId: "0123456789abcdef0123456789abcdef");

        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/vpcs", form.GetAttribute("action"));
        Assert.Equal(ComponentHtml.AntiforgeryValue, Input(form, "__RequestVerificationToken").Value);
        Assert.Equal("0123456789abcdef0123456789abcdef", Input(form, "RequestId").Value);
        Assert.Equal("/vpcs/preview", form.QuerySelector("[data-testid=preview]")!.GetAttribute("formaction"));
        Assert.NotNull(form.QuerySelector("[data-testid=create]"));

        // Enter submits with the first submit button: it must be Preview, never Create.
        var first = form.QuerySelectorAll("button[type=submit]").First();
        Assert.Equal("preview", first.GetAttribute("data-testid"));
    }

    [Fact]
    public async Task A_viewer_form_is_a_get_without_create_or_antiforgery_token()
    {
        var form = await RenderAsync("", canCreate: false);

        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/vpcs/new", form.GetAttribute("action"));
        Assert.Null(form.QuerySelector("[data-testid=create]"));
        Assert.Null(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Null(form.QuerySelector("input[name=RequestId]"));
        Assert.NotNull(form.QuerySelector("[data-testid=viewer-note]"));
    }

    [Fact]
    public async Task Each_message_is_shown_next_to_its_own_field_and_marks_that_field_invalid()
    {
        var longValue = new string('v', 257);
        var form = await RenderAsync(
            $"?Name=aws:prod&Cidr=10.0.0.0/16&AvailabilityZones=us-east-1a&PublicSubnetsPerZone=1&PrivateSubnetsPerZone=1" +
            $"&Tags[0].Key=aws:owner&Tags[0].Value=me&Tags[1].Key=team&Tags[1].Value={longValue}&EnableDnsSupport=false&EnableDnsHostnames=true",
            canCreate: true);

        AssertMessageNextTo(form, "Name", "prefix AWS reserves");
        AssertMessageNextTo(form, "Tags[0].Key", "prefix AWS reserves");
        AssertMessageNextTo(form, "Tags[1].Value", "257 characters");
        AssertMessageNextTo(form, "EnableDnsHostnames", "DNS hostnames need DNS support");
        Assert.DoesNotContain("is-invalid", Input(form, "Cidr").ClassName);
        Assert.DoesNotContain("is-invalid", Input(form, "Tags[0].Value").ClassName);
        Assert.NotNull(form.QuerySelector("[data-testid=issues]"));
    }

    [Fact]
    public async Task An_invalid_block_gets_its_message_and_no_plan()
    {
        var form = await RenderAsync("?Name=x&Cidr=10.0.0.0/8&AvailabilityZones=us-east-1a", canCreate: true);

        AssertMessageNextTo(form, "Cidr", "too large for a VPC");
        Assert.Empty(form.QuerySelectorAll("[data-testid=plan-row]"));
        Assert.NotNull(form.QuerySelector("[data-testid=no-plan]"));
    }

    [Fact]
    public async Task A_hand_typed_row_block_that_overlaps_another_row_is_refused_in_that_row_only()
    {
        var key = Uri.EscapeDataString("10.0.0.0/16|us-east-1a,us-east-1b|1|1");
        var form = await RenderAsync(
            $"?Name=prod&Cidr=10.0.0.0/16&AvailabilityZones=us-east-1a&AvailabilityZones=us-east-1b&PlannedFor={key}&Subnets[1].Cidr=10.0.0.0/24",
            canCreate: true);

        var rows = form.QuerySelectorAll("[data-testid=plan-row]").ToArray();
        Assert.Equal(4, rows.Length);
        Assert.Equal("10.0.0.0/24", rows[1].QuerySelector("input")!.GetAttribute("value"));
        Assert.Contains("is-invalid", rows[1].QuerySelector("input")!.ClassName);
        var messages = rows.Select(r => r.QuerySelectorAll("[data-testid=field-issue]").Length).ToArray();
        Assert.True(messages[1] > 0, "the edited row has its message");
        Assert.Contains("overlap", rows[1].TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("251", rows[1].QuerySelector("[data-testid=row-usable]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_public_block_is_a_warning_that_does_not_block_and_is_shown_as_such()
    {
        var form = await RenderAsync("?Name=edge&Cidr=100.64.0.0/16&AvailabilityZones=us-east-1a", canCreate: true);

        var issue = form.QuerySelector("[data-field=Cidr][data-testid=field-issue]")!;
        Assert.Equal("warning", issue.GetAttribute("data-severity"));
        Assert.Contains("RFC 1918", issue.TextContent);
        Assert.Empty(form.QuerySelectorAll("[data-severity=error]"));
        Assert.Contains("alert-warning", form.QuerySelector("[data-testid=issues]")!.ClassName);
        Assert.Equal(2, form.QuerySelectorAll("[data-testid=plan-row]").Length);
    }

    [Fact]
    public async Task Hand_edits_typed_for_other_inputs_are_dropped_and_the_plan_is_made_again()
    {
        var stale = Uri.EscapeDataString("10.1.0.0/16|us-east-1a|1|1");
        var form = await RenderAsync(
            $"?Name=prod&Cidr=10.0.0.0/16&AvailabilityZones=us-east-1a&PlannedFor={stale}&Subnets[0].Cidr=10.1.5.0/24",
            canCreate: true);

        Assert.NotNull(form.QuerySelector("[data-testid=replanned]"));
        Assert.StartsWith("10.0.", form.QuerySelectorAll("[data-testid=row-cidr]")[0].GetAttribute("value"));
    }

    [Fact]
    public async Task Rows_that_only_repeat_the_old_plan_are_planned_again_without_a_notice()
    {
        // What a browser posts after changing the block without previewing: every row of the old plan, unedited.
        var old = VpcPreview.Build(VpcBuilderInput.Parse(QueryHelpers.ParseQuery("?Name=x&Cidr=10.0.0.0/16&AvailabilityZones=us-east-1a"), RegionZones), RegionZones);
        var rows = string.Concat(old.Subnets.Select(s => $"&Subnets[{s.Index}].Cidr={Uri.EscapeDataString(s.Cidr)}"));
        var form = await RenderAsync(
            $"?Name=x&Cidr=10.9.0.0/16&AvailabilityZones=us-east-1a&PlannedFor={Uri.EscapeDataString(old.Input.PlanKey)}{rows}",
            canCreate: true);

        Assert.Null(form.QuerySelector("[data-testid=replanned]"));
        Assert.All(form.QuerySelectorAll("[data-testid=row-cidr]"), row => Assert.StartsWith("10.9.", row.GetAttribute("value")));
    }

    private static void AssertMessageNextTo(IElement form, string field, string expected)
    {
        var input = Input(form, field);
        Assert.Contains("is-invalid", input.ClassName);
        var message = input.ParentElement!.QuerySelectorAll("[data-testid=field-issue]")
            .FirstOrDefault(m => m.GetAttribute("data-field") == field);
        Assert.True(message is not null, $"no message next to {field}");
        Assert.Contains(expected, message.TextContent);
    }

    private static IHtmlInputElement Input(IElement form, string name) =>
        form.QuerySelectorAll("input").OfType<IHtmlInputElement>().Single(i => i.Name == name && i.Type != "hidden" || i.Name == name && name is "RequestId" or "__RequestVerificationToken");

    private static IHtmlInputElement Checkbox(IElement form, string name) =>
        form.QuerySelectorAll("input[type=checkbox]").OfType<IHtmlInputElement>().Single(i => i.Name == name);

    private static async Task<IElement> RenderAsync(string query, bool canCreate, string requestId = "")
    {
        var input = VpcBuilderInput.Parse(QueryHelpers.ParseQuery(query), RegionZones);
        var document = await ComponentHtml.RenderAsync<VpcBuilderForm>(new Dictionary<string, object?>
        {
            [nameof(VpcBuilderForm.Preview)] = VpcPreview.Build(input, RegionZones),
            [nameof(VpcBuilderForm.RegionZones)] = RegionZones,
            [nameof(VpcBuilderForm.CanCreate)] = canCreate,
            [nameof(VpcBuilderForm.RequestId)] = requestId,
        });
        return document.QuerySelector("form[data-testid=vpc-form]")!;
    }
}
