using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Vpcs;
using Portal.Core.Vpcs;
using Portal.Core.Vpcs.Sandbox;
using static Portal.Tests.Vpcs.VpcBuilderPageTests;

namespace Portal.Tests.Vpcs;

/// <summary>A Region whose sandbox already holds its five VPCs: the builder says so before Create, not after.</summary>
public sealed class VpcBuilderQuotaTests(VpcBuilderQuotaTests.FullRegion portal) : IClassFixture<VpcBuilderQuotaTests.FullRegion>
{
    public sealed class FullRegion : BuilderPortal
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            for (var i = 0; i < SandboxOptions.VpcsPerRegion; i++)
                await Ec2.CreateVpcAsync($"10.{100 + i}.0.0/16", []);
        }
    }

    [Fact]
    public async Task The_builder_shows_the_quota_reached_before_anything_is_typed_and_keeps_create_off()
    {
        await using var ctx = portal.Page();
        var cut = await OpenAsync(ctx);

        var quota = cut.Find("[data-testid=quota]");
        Assert.Equal(("5", "5"), (quota.GetAttribute("data-used"), quota.GetAttribute("data-quota")));
        Assert.Contains("(the quota \"VPCs per Region\")", cut.Find("[data-testid=preflight] [data-testid=field-issue]").TextContent, StringComparison.Ordinal);
        Assert.Contains("VPC quota", cut.Find("[data-testid=issues]").TextContent, StringComparison.Ordinal);

        Type(cut, BuilderFields.NameId, "one-too-many");
        cut.WaitForAssertion(() => Assert.Contains("one-too-many", cut.Find("[data-testid=diagram-title]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.True(Create(cut).HasAttribute("disabled"));
    }

    [Fact]
    public async Task Create_itself_refuses_over_the_quota_and_records_nothing()
    {
        var drafts = portal.Server.Services.GetRequiredService<VpcDrafts>();
        var zones = await drafts.ZonesAsync();
        var requestId = VpcRequestIds.New();

        var refused = await Assert.ThrowsAsync<VpcRequestRejectedException>(() =>
            drafts.CreateAsync(VpcDraft.Fresh(zones) with { Name = "over-quota" }, zones, requestId, "admin"));

        Assert.Contains(refused.Issues, i => i.Field == VpcEstate.QuotaField);
        Assert.Null(await portal.Records.GetAsync(requestId));
    }
}
