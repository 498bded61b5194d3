using System.Globalization;

namespace Portal.Core.Tokens;

/// <summary>Short human text for ages, countdowns and run durations ("2 h 5 min", "43 s", "180 ms").</summary>
public static class DurationText
{
    public static string Format(TimeSpan span)
    {
        var negative = span < TimeSpan.Zero;
        var value = negative ? span.Negate() : span;
        string text;
        if (value < TimeSpan.FromSeconds(1))
            text = $"{(int)value.TotalMilliseconds} ms";
        else if (value < TimeSpan.FromMinutes(1))
            text = string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.#} s");
        else if (value < TimeSpan.FromHours(1))
            text = $"{value.Minutes} min {value.Seconds} s";
        else if (value < TimeSpan.FromDays(1))
            text = $"{(int)value.TotalHours} h {value.Minutes} min";
        else
            text = $"{(int)value.TotalDays} d {value.Hours} h";
        return negative ? "-" + text : text;
    }

    /// <summary>"in 5 min 3 s" or "2 h 1 min ago", from <paramref name="now"/>'s point of view.</summary>
    public static string Relative(DateTimeOffset at, DateTimeOffset now) =>
        at >= now ? "in " + Format(at - now) : Format(now - at) + " ago";
}
