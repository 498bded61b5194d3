using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(0.18, "180 ms")]
    [InlineData(43.25, "43.3 s")]
    [InlineData(59 * 60 + 12, "59 min 12 s")]
    [InlineData(2 * 3600 + 5 * 60 + 30, "2 h 5 min")]
    [InlineData(3 * 86400 + 4 * 3600, "3 d 4 h")]
    [InlineData(-90, "-1 min 30 s")]
    public void Durations_read_as_short_text(double seconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromSeconds(seconds)));
}
