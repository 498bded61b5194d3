using System.Globalization;
using Portal.Core.Tokens;

namespace Portal.Components.Pages.Tokens;

/// <summary>How the token page words and colours states, times and rates.</summary>
public static class TokenDisplay
{
    public static string StatusText(TokenStatus status) => status switch
    {
        TokenStatus.Valid => "Valid",
        TokenStatus.ExpiringSoon => "Expiring soon",
        TokenStatus.Expired => "Expired",
        _ => "Missing",
    };

    public static string StatusBadge(TokenStatus status) => status switch
    {
        TokenStatus.Valid => "text-bg-success",
        TokenStatus.ExpiringSoon => "text-bg-warning",
        TokenStatus.Expired => "text-bg-danger",
        _ => "text-bg-secondary",
    };

    public static string OutcomeBadge(TokenRun run) => run.Succeeded ? "text-bg-success" : "text-bg-danger";

    /// <summary>SVG fill of a duration bar: Bootstrap's success and danger colours.</summary>
    public static string BarFill(TokenRun run) => run.Succeeded ? "#198754" : "#dc3545";

    public static string Time(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "never";

    public static string Ago(DateTimeOffset at, DateTimeOffset now) => DurationText.Format(now - at) + " ago";

    public static string Rate(SuccessRate rate) =>
        rate.Rate is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"{r * 100:0.#} % ({rate.Succeeded} of {rate.Runs})")
            : "no runs";

    public static string Trigger(TokenRun run) =>
        run.Trigger == TokenRunTrigger.Schedule ? "schedule" : $"manual ({run.TriggeredBy})";
}
