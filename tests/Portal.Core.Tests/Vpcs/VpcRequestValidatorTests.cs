using Portal.Core.Networking;
using Portal.Core.Vpcs;

namespace Portal.Core.Tests.Vpcs;

public class VpcRequestValidatorTests
{
    private static readonly VpcRequest Valid = new()
    {
        Name = "orders-prod",
        Cidr = "10.0.0.0/16",
        AvailabilityZones = ["us-east-1a", "us-east-1b"],
        PublicSubnetsPerZone = 1,
        PrivateSubnetsPerZone = 1,
        Tags = [new("team", "payments"), new("cost-center", "")],
    };

    private static VpcRequest Planned(VpcRequest request)
    {
        var plan = SubnetPlanner.Plan(new SubnetPlanRequest(Cidr.Parse(request.Cidr), request.AvailabilityZones,
            request.PublicSubnetsPerZone, request.PrivateSubnetsPerZone)).Plan!;
        return request with { Subnets = plan.Subnets.Select(VpcRequestSubnet.From).ToList() };
    }

    private static ValidationIssue SingleIssue(VpcRequest request)
    {
        var issues = VpcRequestValidator.Validate(request);
        return Assert.Single(issues);
    }

    private static VpcRequest WithRowCidr(VpcRequest request, int index, string cidr)
    {
        var rows = request.Subnets.ToArray();
        rows[index] = rows[index] with { Cidr = cidr };
        return request with { Subnets = rows };
    }

    [Fact]
    public void A_valid_request_has_no_issues_planned_or_not()
    {
        Assert.Empty(VpcRequestValidator.Validate(Valid));
        Assert.Empty(VpcRequestValidator.Validate(Planned(Valid)));
    }

    [Theory]
    [InlineData("", "Enter a name for the VPC (1 to 255 characters).")]
    [InlineData("   ", "Enter a name for the VPC (1 to 255 characters).")]
    [InlineData("aws:prod", "The name starts with 'aws:', a prefix AWS reserves for its own tags; remove or change the prefix.")]
    [InlineData("AWS:prod", "The name starts with 'AWS:', a prefix AWS reserves")]
    [InlineData("prod#1", "The name contains '#', which AWS tags do not allow; use only letters, digits, spaces and _ . : / = + - @.")]
    [InlineData("a<b>c", "contains '<' '>'")]
    public void Name_problems_say_what_to_change(string name, string expected)
    {
        var issue = SingleIssue(Valid with { Name = name });

        Assert.Equal("Name", issue.Field);
        Assert.Contains(expected, issue.Message);
    }

    [Fact]
    public void Name_length_is_counted_in_unicode_characters_up_to_255()
    {
        Assert.Empty(VpcRequestValidator.Validate(Valid with { Name = new string('x', 255) }));
        Assert.Empty(VpcRequestValidator.Validate(Valid with { Name = string.Concat(Enumerable.Repeat("𝐀", 255)) }));
        Assert.Empty(VpcRequestValidator.Validate(Valid with { Name = "Büro Zürich 東京 v1.2 team@example/x=y+z" }));

        var issue = SingleIssue(Valid with { Name = new string('x', 256) });
        Assert.Equal("Name", issue.Field);
        Assert.Equal("The name is 256 characters; shorten it to 255 or fewer.", issue.Message);
    }

    [Theory]
    [InlineData("10.0.0.1/16", IssueSeverity.Error, "did you mean 10.0.0.0/16?")]
    [InlineData("10.0.0.0/12", IssueSeverity.Error, "too large for a VPC")]
    [InlineData("169.254.0.0/16", IssueSeverity.Error, "link-local")]
    [InlineData("", IssueSeverity.Error, "Enter an IPv4 CIDR block such as 10.0.0.0/16.")]
    [InlineData("100.64.0.0/16", IssueSeverity.Warning, "outside the private ranges of RFC 1918")]
    public void Vpc_block_rules_are_delegated_and_point_at_Cidr(string cidr, IssueSeverity severity, string expected)
    {
        var issue = SingleIssue(Valid with { Cidr = cidr });

        Assert.Equal("Cidr", issue.Field);
        Assert.Equal(severity, issue.Severity);
        Assert.Contains(expected, issue.Message);
    }

    [Fact]
    public void A_block_too_small_for_the_subnets_is_reported_before_planning()
    {
        var issue = SingleIssue(Valid with { Cidr = "10.0.0.0/28" });

        Assert.Equal("Cidr", issue.Field);
        Assert.Equal("The plan needs 4 x /28 (64 addresses) but 10.0.0.0/28 holds 16; choose a larger block or fewer subnets.", issue.Message);
    }

    [Fact]
    public void Zone_and_count_problems_are_reported_even_when_the_block_is_bad()
    {
        var issues = VpcRequestValidator.Validate(Valid with { Cidr = "nonsense", AvailabilityZones = [], PublicSubnetsPerZone = -1 });

        Assert.Equal(["Cidr", "AvailabilityZones", "PublicSubnetsPerZone"], issues.Select(i => i.Field));
    }

    [Fact]
    public void Too_many_tags_says_how_many_the_user_may_add()
    {
        Assert.Equal(46, VpcRequestValidator.MaxUserTags);
        var tags = Enumerable.Range(0, 47).Select(i => new VpcRequestTag($"key{i}", "v")).ToList();
        Assert.Empty(VpcRequestValidator.Validate(Valid with { Tags = tags.Take(46).ToList() }));

        var issue = SingleIssue(Valid with { Tags = tags });

        Assert.Equal("Tags", issue.Field);
        Assert.Equal(
            "47 tags added; AWS allows 50 per resource and the portal uses 4 (Name, portal:request-id, portal:managed, portal:resource), so you may add at most 46; remove 1.",
            issue.Message);
    }

    [Theory]
    [InlineData("", "v", "Tags[1].Key", "Enter a tag key (1 to 128 characters) or remove the tag.")]
    [InlineData("aws:owner", "v", "Tags[1].Key", "The key starts with 'aws:', a prefix AWS reserves")]
    [InlineData("Aws:owner", "v", "Tags[1].Key", "The key starts with 'Aws:'")]
    [InlineData("owner", "aWs:me", "Tags[1].Value", "The value starts with 'aWs:'")]
    [InlineData("Name", "x", "Tags[1].Key", "The portal sets the Name tag from the VPC name; remove this tag and use the Name field.")]
    [InlineData("portal:managed", "x", "Tags[1].Key", "Keys starting with 'portal:' are reserved for the portal's own tags; choose another key.")]
    [InlineData("Portal:Anything", "x", "Tags[1].Key", "Keys starting with 'portal:' are reserved")]
    [InlineData("team", "x", "Tags[1].Key", "The key 'team' is already used by tag 1; each key may appear once, so remove or rename one.")]
    [InlineData("owner!", "x", "Tags[1].Key", "The key contains '!', which AWS tags do not allow; use only letters, digits, spaces and _ . : / = + - @.")]
    [InlineData("owner", "a,b;c", "Tags[1].Value", "The value contains ',' ';', which AWS tags do not allow")]
    [InlineData("owner", "emoji 🙂", "Tags[1].Value", "The value contains '🙂'")]
    public void Tag_problems_point_at_the_tag_and_say_what_to_change(string key, string value, string field, string expected)
    {
        var issue = SingleIssue(Valid with { Tags = [new("team", "payments"), new(key, value)] });

        Assert.Equal(field, issue.Field);
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Contains(expected, issue.Message);
    }

    [Fact]
    public void Tag_keys_are_case_sensitive_so_case_variants_are_distinct()
    {
        Assert.Empty(VpcRequestValidator.Validate(Valid with { Tags = [new("Team", "a"), new("team", "b"), new("name", "c")] }));
    }

    [Fact]
    public void Tag_key_and_value_lengths_follow_aws_limits()
    {
        Assert.Empty(VpcRequestValidator.Validate(Valid with { Tags = [new(new string('k', 128), new string('v', 256))] }));

        var issues = VpcRequestValidator.Validate(Valid with { Tags = [new(new string('k', 129), new string('v', 257))] });

        Assert.Equal(["Tags[0].Key", "Tags[0].Value"], issues.Select(i => i.Field));
        Assert.Equal("The key is 129 characters; shorten it to 128 or fewer.", issues[0].Message);
        Assert.Equal("The value is 257 characters; shorten it to 256 or fewer.", issues[1].Message);
    }

    [Fact]
    public void Dns_hostnames_need_dns_support()
    {
        var issue = SingleIssue(Valid with { EnableDnsSupport = false, EnableDnsHostnames = true });

        Assert.Equal("EnableDnsHostnames", issue.Field);
        Assert.Equal("DNS hostnames need DNS support; turn on DNS support or turn off DNS hostnames.", issue.Message);
        Assert.Empty(VpcRequestValidator.Validate(Valid with { EnableDnsSupport = false, EnableDnsHostnames = false }));
    }

    [Fact]
    public void Internet_gateway_defaults_on_with_public_subnets_and_warns_when_turned_off()
    {
        Assert.True(Valid.WillCreateInternetGateway);
        Assert.False((Valid with { PublicSubnetsPerZone = 0 }).WillCreateInternetGateway);
        Assert.True((Valid with { PublicSubnetsPerZone = 0, CreateInternetGateway = true }).WillCreateInternetGateway);

        var issue = SingleIssue(Valid with { CreateInternetGateway = false });
        Assert.Equal(IssueSeverity.Warning, issue.Severity);
        Assert.Equal("CreateInternetGateway", issue.Field);
        Assert.Contains("turn on the internet gateway or choose 0 public subnets", issue.Message);
    }

    [Fact]
    public void A_hand_typed_row_cidr_that_does_not_parse_points_at_its_row()
    {
        var issue = SingleIssue(WithRowCidr(Planned(Valid), 2, "10.0.0.5/18"));

        Assert.Equal("Subnets[2].Cidr", issue.Field);
        Assert.Contains("did you mean 10.0.0.0/18?", issue.Message);
    }

    [Fact]
    public void Overlapping_rows_point_at_both_rows()
    {
        var planned = Planned(Valid);
        var issues = VpcRequestValidator.Validate(WithRowCidr(planned, 0, planned.Subnets[3].Cidr));

        Assert.Equal(["Subnets[0].Cidr", "Subnets[3].Cidr"], issues.Select(i => i.Field));
        Assert.Contains("overlaps Subnets[3] (private-b", issues[0].Message);
    }

    [Fact]
    public void Row_outside_the_vpc_points_at_its_row()
    {
        var issue = SingleIssue(WithRowCidr(Planned(Valid), 1, "10.1.0.0/24"));

        Assert.Equal("Subnets[1].Cidr", issue.Field);
        Assert.Contains("is not inside the VPC block 10.0.0.0/16", issue.Message);
    }

    [Fact]
    public void Row_names_and_zones_are_checked()
    {
        var rows = Planned(Valid).Subnets.ToArray();
        rows[1] = rows[1] with { Name = "public-a" };
        rows[2] = rows[2] with { Name = "" };
        rows[3] = rows[3] with { AvailabilityZone = "us-east-1c" };

        var issues = VpcRequestValidator.Validate(Valid with { Subnets = rows });

        Assert.Contains(issues, i => i.Field == "Subnets[1].Name" && i.Message == "'public-a' is already used by subnet row 1; give each subnet its own name.");
        Assert.Contains(issues, i => i.Field == "Subnets[2].Name" && i.Message == "Enter a name for subnet row 3.");
        Assert.Contains(issues, i => i.Field == "Subnets[3].AvailabilityZone" && i.Message == "'us-east-1c' is not one of the chosen zones (us-east-1a, us-east-1b); pick one of them.");
    }

    [Fact]
    public void Rows_that_no_longer_match_the_counts_ask_for_a_new_plan()
    {
        var stale = Planned(Valid) with { PrivateSubnetsPerZone = 2 };

        var issues = VpcRequestValidator.Validate(stale);

        Assert.Equal(
            ["The rows have 1 private subnet in us-east-1a but 2 per zone were chosen; plan the subnets again.",
             "The rows have 1 private subnet in us-east-1b but 2 per zone were chosen; plan the subnets again."],
            issues.Where(i => i.Field == "Subnets").Select(i => i.Message));
    }

    [Fact]
    public void Null_lists_from_model_binding_are_treated_as_empty()
    {
        var issues = VpcRequestValidator.Validate(Valid with { AvailabilityZones = null!, Tags = null!, Subnets = null! });

        Assert.Equal("AvailabilityZones", Assert.Single(issues).Field);
    }

    [Theory]
    [InlineData(NatGatewayMode.Single)]
    [InlineData(NatGatewayMode.PerZone)]
    public void NAT_gateways_with_public_subnets_and_the_internet_gateway_are_fine_planned_or_not(NatGatewayMode mode)
    {
        var request = Valid with { NatGatewayMode = mode, S3GatewayEndpoint = true, Ipv6 = true, Tenancy = VpcTenancy.Dedicated };

        Assert.Empty(VpcRequestValidator.Validate(request));
        Assert.Empty(VpcRequestValidator.Validate(Planned(request)));
    }

    [Fact]
    public void A_NAT_gateway_needs_a_public_subnet_in_its_zone()
    {
        var issue = Assert.Single(VpcRequestValidator.Validate(Valid with { NatGatewayMode = NatGatewayMode.Single, PublicSubnetsPerZone = 0, CreateInternetGateway = true }),
            i => i.Severity == IssueSeverity.Error);

        Assert.Equal("NatGatewayMode", issue.Field);
        Assert.Contains("us-east-1a has none", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Per_zone_NAT_names_every_zone_whose_rows_lack_a_public_subnet()
    {
        var planned = Planned(Valid with { NatGatewayMode = NatGatewayMode.PerZone });
        // A hand-made request whose public row of the second zone was moved to the first zone.
        var rows = planned.Subnets.Select(s => s.Name == "public-b" ? s with { AvailabilityZone = "us-east-1a" } : s).ToArray();

        var issues = VpcRequestValidator.Validate(planned with { Subnets = rows });

        Assert.Contains(issues, i => i.Field == "NatGatewayMode" && i.Message.Contains("us-east-1b has none", StringComparison.Ordinal));
        // Single only needs the first zone's.
        Assert.DoesNotContain(VpcRequestValidator.Validate(planned with { Subnets = rows, NatGatewayMode = NatGatewayMode.Single }),
            i => i.Field == "NatGatewayMode");
    }

    [Fact]
    public void A_NAT_gateway_needs_the_internet_gateway()
    {
        var issues = VpcRequestValidator.Validate(Valid with { NatGatewayMode = NatGatewayMode.Single, CreateInternetGateway = false });

        Assert.Contains(issues, i => i.Field == "NatGatewayMode" && i.Severity == IssueSeverity.Error
            && i.Message.Contains("turn the internet gateway on", StringComparison.Ordinal));
    }

    [Fact]
    public void NAT_without_private_subnets_is_a_warning_that_it_pays_for_nothing()
    {
        var issue = SingleIssue(Valid with { NatGatewayMode = NatGatewayMode.Single, PrivateSubnetsPerZone = 0 });

        Assert.Equal((IssueSeverity.Warning, "NatGatewayMode"), (issue.Severity, issue.Field));
        Assert.Contains("no private subnets", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_NAT_gateways_than_the_Regions_5_Elastic_IPs_is_an_error_but_5_is_fine()
    {
        string[] six = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"];
        var perZone = Valid with { NatGatewayMode = NatGatewayMode.PerZone, AvailabilityZones = six };

        var issue = SingleIssue(perZone);
        Assert.Equal(("NatGatewayMode", IssueSeverity.Error), (issue.Field, issue.Severity));
        Assert.Contains("6 Elastic IPs", issue.Message, StringComparison.Ordinal);
        Assert.Empty(VpcRequestValidator.Validate(perZone with { AvailabilityZones = six[..5] }));
        Assert.Empty(VpcRequestValidator.Validate(perZone with { NatGatewayMode = NatGatewayMode.Single }));
    }

    [Fact]
    public void The_S3_endpoint_needs_a_route_table_to_go_in()
    {
        var noTables = Valid with { S3GatewayEndpoint = true, PrivateSubnetsPerZone = 0, CreateInternetGateway = false };

        var issues = VpcRequestValidator.Validate(noTables);

        Assert.Contains(issues, i => i.Field == "S3GatewayEndpoint" && i.Severity == IssueSeverity.Error);
        Assert.DoesNotContain(VpcRequestValidator.Validate(noTables with { CreateInternetGateway = true }), i => i.Field == "S3GatewayEndpoint");
        Assert.Empty(VpcRequestValidator.Validate(Valid with { S3GatewayEndpoint = true, PublicSubnetsPerZone = 0 }));
    }

    [Fact]
    public void IPv6_indexes_must_be_0_to_255_and_unique_and_may_be_left_out()
    {
        var planned = Planned(Valid with { Ipv6 = true });
        var rows = planned.Subnets.Select((s, i) => s with { Ipv6Index = i switch { 0 => 256, 1 => 7, 2 => 7, _ => null } }).ToArray();

        var issues = VpcRequestValidator.Validate(planned with { Subnets = rows });

        Assert.Equal(["Subnets[0].Ipv6Index", "Subnets[2].Ipv6Index"], issues.Select(i => i.Field));
        Assert.Contains("0 to 255", issues[0].Message, StringComparison.Ordinal);
        Assert.Contains("already used by public-b", issues[1].Message, StringComparison.Ordinal);
        Assert.Empty(VpcRequestValidator.Validate(planned with { Subnets = rows, Ipv6 = false }));
    }

    [Fact]
    public void An_unknown_tenancy_or_NAT_choice_is_an_error_on_its_field()
    {
        Assert.Equal("Tenancy", SingleIssue(Valid with { Tenancy = (VpcTenancy)7 }).Field);
        Assert.Equal("NatGatewayMode", SingleIssue(Valid with { NatGatewayMode = (NatGatewayMode)9 }).Field);
    }
}
