using Portal.Infra.Settings;

namespace Portal.Infra.Tests.Settings;

public sealed class CommandLineContextTests
{
    [Fact]
    public void Reads_pairs_after_c_and_context_keeping_equals_signs_in_values()
    {
        var context = CommandLineContext.Parse(["-c", "env=main", "--context", "callbackUrls=https://a/cb?x=1"]);
        Assert.Equal("main", context["env"]);
        Assert.Equal("https://a/cb?x=1", context["callbackUrls"]);
    }

    [Fact]
    public void No_arguments_give_no_context()
    {
        Assert.Empty(CommandLineContext.Parse([]));
    }

    [Theory]
    [InlineData("env=main")]
    [InlineData("-c")]
    [InlineData("-c", "env")]
    [InlineData("-c", "=main")]
    public void Malformed_arguments_are_rejected(params string[] args)
    {
        Assert.Throws<ArgumentException>(() => CommandLineContext.Parse(args));
    }
}
