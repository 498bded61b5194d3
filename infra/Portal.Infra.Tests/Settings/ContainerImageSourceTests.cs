using Portal.Infra.Settings;

namespace Portal.Infra.Tests.Settings;

public sealed class ContainerImageSourceTests
{
    [Theory]
    [InlineData("ghcr.io/acme/portal:2.0.1", null, "ghcr.io/acme/portal:2.0.1")]
    [InlineData("ghcr.io/acme/portal", "2.0.1", "ghcr.io/acme/portal:2.0.1")]
    [InlineData("registry.local:5000/portal", "7", "registry.local:5000/portal:7")]
    [InlineData("ghcr.io/acme/portal@sha256:abc", null, "ghcr.io/acme/portal@sha256:abc")]
    public void Registry_image_gets_exactly_one_tag(string image, string? tag, string expected)
    {
        var source = ContainerImageSource.Parse(image, tag, assetPath: null);
        Assert.Equal(expected, source.ImageReference);
        Assert.Null(source.AssetPath);
    }

    [Fact]
    public void Registry_port_is_not_mistaken_for_a_tag()
    {
        var error = Assert.Throws<ArgumentException>(() => ContainerImageSource.Parse("registry.local:5000/portal", null, null));
        Assert.Contains("-c tag=", error.Message);
    }

    [Fact]
    public void Tag_given_twice_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => ContainerImageSource.Parse("acme/portal:1", "2", null));
        Assert.Contains("already has a tag", error.Message);
    }

    [Fact]
    public void Asset_folder_is_used_when_given_alone()
    {
        var source = ContainerImageSource.Parse(null, null, "../src/Portal");
        Assert.Equal("../src/Portal", source.AssetPath);
        Assert.Null(source.ImageReference);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("acme/portal:1", "../src/Portal")]
    public void Exactly_one_source_is_required(string? image, string? assetPath)
    {
        var error = Assert.Throws<ArgumentException>(() => ContainerImageSource.Parse(image, null, assetPath));
        Assert.Contains("exactly one of", error.Message);
    }
}
