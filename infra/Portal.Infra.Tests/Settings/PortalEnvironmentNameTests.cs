using Portal.Infra.Settings;

namespace Portal.Infra.Tests.Settings;

public sealed class PortalEnvironmentNameTests
{
    [Theory]
    [InlineData("main")]
    [InlineData("staging")]
    [InlineData("feature-x")]
    [InlineData("pr-42")]
    public void Accepts_lowercase_letters_digits_and_hyphens(string name)
    {
        Assert.Equal(name, PortalEnvironmentName.Parse(name).Value);
    }

    [Theory]
    [InlineData("Main_1")]
    [InlineData("Main")]
    [InlineData("feature_x")]
    [InlineData("feature-")]
    [InlineData("-main")]
    [InlineData("1main")]
    [InlineData("feature x")]
    [InlineData("a-very-long-environment-name")]
    public void Rejects_names_that_cannot_be_part_of_aws_resource_names(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => PortalEnvironmentName.Parse(name));
        Assert.Contains($"'{name}'", error.Message);
        Assert.Contains("lowercase letters, digits", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Missing_name_says_how_to_pass_it(string? name)
    {
        var error = Assert.Throws<ArgumentException>(() => PortalEnvironmentName.Parse(name));
        Assert.Contains("-c env=main", error.Message);
    }
}
