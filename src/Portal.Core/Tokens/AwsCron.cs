using System.Diagnostics.CodeAnalysis;

namespace Portal.Core.Tokens;

/// <summary>
/// An AWS EventBridge cron expression: <c>cron(minutes hours day-of-month month day-of-week year)</c>,
/// evaluated in UTC as EventBridge scheduled rules are.
/// </summary>
public sealed class AwsCron
{
    public const int MinYear = 1970;
    public const int MaxYear = 2199;

    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _months;
    private readonly bool[] _years;
    private readonly AwsCronDayRule _days;

    internal AwsCron(string expression, bool[] minutes, bool[] hours, bool[] months, bool[] years, AwsCronDayRule days)
    {
        Expression = expression;
        _minutes = minutes;
        _hours = hours;
        _months = months;
        _years = years;
        _days = days;
    }

    /// <summary>The expression in canonical form: <c>cron(...)</c> with single spaces.</summary>
    public string Expression { get; }

    /// <summary>Parses an expression with or without the <c>cron(...)</c> wrapper.</summary>
    /// <exception cref="AwsCronFormatException">The message names the field and value at fault.</exception>
    public static AwsCron Parse(string? expression) => AwsCronParser.Parse(expression);

    public static bool TryParse(string? expression, [NotNullWhen(true)] out AwsCron? cron, [NotNullWhen(false)] out string? error)
    {
        try
        {
            cron = AwsCronParser.Parse(expression);
            error = null;
            return true;
        }
        catch (AwsCronFormatException ex)
        {
            cron = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>The first fire time strictly after <paramref name="after"/>, in UTC; null when the year range has none left.</summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after)
    {
        var utc = after.UtcDateTime;
        if (utc.Year > MaxYear) return null;
        var start = TruncateToMinute(utc).AddMinutes(1);
        if (start.Year < MinYear) start = new DateTime(MinYear, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return Search(start, forward: true);
    }

    /// <summary>The last fire time strictly before <paramref name="before"/>, in UTC; null when there is none since 1970.
    /// Used to tell whether a scheduled run was missed.</summary>
    public DateTimeOffset? GetPreviousOccurrence(DateTimeOffset before)
    {
        var utc = before.UtcDateTime;
        if (utc.Year < MinYear) return null;
        var start = TruncateToMinute(utc);
        if (start == utc) start = start.AddMinutes(-1); // strictly before: an exact fire time is not its own predecessor
        if (start.Year > MaxYear) start = new DateTime(MaxYear, 12, 31, 23, 59, 0, DateTimeKind.Utc);
        return Search(start, forward: false);
    }

    public override string ToString() => Expression;

    /// <summary>
    /// Walks year, month, day, hour, minute in order, skipping whole units whose field does not match,
    /// so the cost is bounded by the 230 allowed years times 12 months, never a minute-by-minute scan.
    /// <paramref name="start"/> is inclusive.
    /// </summary>
    private DateTimeOffset? Search(DateTime start, bool forward)
    {
        var step = forward ? 1 : -1;
        for (var year = start.Year; year is >= MinYear and <= MaxYear; year += step)
        {
            if (!_years[year]) continue;
            var sameYear = year == start.Year;
            for (var month = sameYear ? start.Month : First(forward, 1, 12); month is >= 1 and <= 12; month += step)
            {
                if (!_months[month]) continue;
                var sameMonth = sameYear && month == start.Month;
                var daysInMonth = DateTime.DaysInMonth(year, month);
                for (var day = sameMonth ? start.Day : First(forward, 1, daysInMonth); day >= 1 && day <= daysInMonth; day += step)
                {
                    if (!_days.Matches(year, month, day)) continue;
                    var sameDay = sameMonth && day == start.Day;
                    for (var hour = sameDay ? start.Hour : First(forward, 0, 23); hour is >= 0 and <= 23; hour += step)
                    {
                        if (!_hours[hour]) continue;
                        var sameHour = sameDay && hour == start.Hour;
                        for (var minute = sameHour ? start.Minute : First(forward, 0, 59); minute is >= 0 and <= 59; minute += step)
                        {
                            if (_minutes[minute])
                                return new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero);
                        }
                    }
                }
            }
        }
        return null;
    }

    private static int First(bool forward, int min, int max) => forward ? min : max;

    private static DateTime TruncateToMinute(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
}
