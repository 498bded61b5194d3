using System.Globalization;
using MudBlazor;
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

    public static Color StatusColor(TokenStatus status) => status switch
    {
        TokenStatus.Valid => Color.Success,
        TokenStatus.ExpiringSoon => Color.Warning,
        TokenStatus.Expired => Color.Error,
        _ => Color.Default,
    };

    public static Color OutcomeColor(TokenRun run) => run.Succeeded ? Color.Success : Color.Error;

    /// <summary>A duration bar's fill: the theme's success and error colours, right in light and dark.</summary>
    public static string BarFill(TokenRun run) => run.Succeeded ? "var(--mud-palette-success)" : "var(--mud-palette-error)";

    public static string Time(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "never";

    public static string Ago(DateTimeOffset at, DateTimeOffset now) => DurationText.Format(now - at) + " ago";

    /// <summary>"in 54 min 3 s" ahead, "3 s ago" behind.</summary>
    public static string Relative(TimeSpan fromNow) =>
        fromNow > TimeSpan.Zero ? "in " + DurationText.Format(fromNow) : DurationText.Format(-fromNow) + " ago";

    public static string Rate(SuccessRate rate) =>
        rate.Rate is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"{r * 100:0.#} % ({rate.Succeeded} of {rate.Runs})")
            : "no runs";

    public static string Trigger(TokenRun run) =>
        run.Trigger == TokenRunTrigger.Schedule ? "schedule" : $"manual ({run.TriggeredBy})";

    /// <summary>What the snackbar says when a run the user started has ended.</summary>
    public static string Outcome(TokenRun run) => run.Succeeded
        ? $"Run {run.RunId} succeeded in {DurationText.Format(run.Duration)}: token sha256:{run.Fingerprint?.Sha256Prefix} stored."
        : $"Run {run.RunId} failed in {DurationText.Format(run.Duration)}: {run.ErrorReason}. The previous token is unchanged.";
}
