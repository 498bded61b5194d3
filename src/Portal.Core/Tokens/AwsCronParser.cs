using System.Globalization;

namespace Portal.Core.Tokens;

/// <summary>
/// Parses the six fields of an EventBridge cron expression with the rules of the AWS
/// "Cron expressions reference": which wildcards each field accepts, 1=SUN..7=SAT,
/// '#' only as the single day-of-week expression, years 1970-2199.
/// </summary>
internal static class AwsCronParser
{
    private sealed record FieldSpec(string Name, int Min, int Max, string Wildcards, string[]? Names, string NameKind);

    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private static readonly FieldSpec Minutes = new("minutes", 0, 59, ", - * /", null, "");
    private static readonly FieldSpec Hours = new("hours", 0, 23, ", - * /", null, "");
    private static readonly FieldSpec DayOfMonth = new("day-of-month", 1, 31, ", - * ? / L W", null, "");
    private static readonly FieldSpec Month = new("month", 1, 12, ", - * /", MonthNames, "month name");
    private static readonly FieldSpec DayOfWeek = new("day-of-week", 1, 7, ", - * ? L #", DayNames, "day name");
    private static readonly FieldSpec Year = new("year", AwsCron.MinYear, AwsCron.MaxYear, ", - * /", null, "");

    public static AwsCron Parse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
            throw Fail("expression", "the cron expression is empty; write six fields, e.g. cron(15 * * * ? *)");

        var body = expression.Trim();
        if (body.StartsWith("rate(", StringComparison.OrdinalIgnoreCase))
            throw Fail("expression", $"'{body}' is a rate expression; write a cron expression such as cron(15 * * * ? *)");
        if (body.StartsWith("cron(", StringComparison.OrdinalIgnoreCase))
        {
            if (!body.EndsWith(')'))
                throw Fail("expression", $"'{body}' opens 'cron(' but does not end with ')'");
            body = body[5..^1].Trim();
        }

        var fields = body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
            throw Fail("expression",
                $"expected 6 fields (minutes hours day-of-month month day-of-week year) but found {fields.Length} in '{body}'; " +
                "AWS cron needs the year field, e.g. cron(15 * * * ? *)");

        var minutes = ParseValues(Minutes, fields[0]);
        var hours = ParseValues(Hours, fields[1]);
        var months = ParseValues(Month, fields[3]);
        var years = ParseValues(Year, fields[5]);

        var domIsAny = fields[2] == "?";
        var dowIsAny = fields[4] == "?";
        if (domIsAny && dowIsAny)
            throw Fail("day-of-month", "day-of-month and day-of-week are both '?'; give a value or * in one of them");
        if (!domIsAny && !dowIsAny)
            throw Fail("day-of-month",
                $"specify ? in either day-of-month or day-of-week (got '{fields[2]}' and '{fields[4]}'); AWS does not allow values in both");

        var days = domIsAny ? ParseDayOfWeek(fields[4]) : ParseDayOfMonth(fields[2]);
        return new AwsCron($"cron({string.Join(' ', fields)})", minutes, hours, months, years, days);
    }

    private static AwsCronDayRule ParseDayOfMonth(string text)
    {
        var upper = text.ToUpperInvariant();
        if (!upper.Contains('L') && !upper.Contains('W'))
            return new AwsCronDayRule.DaysOfMonth(ParseValues(DayOfMonth, text));

        if (upper.Contains(','))
            throw Fail(DayOfMonth.Name, $"'{text}': L and W must be the only value in day-of-month (write L, LW or a single day such as 15W)");
        if (upper == "L") return new AwsCronDayRule.LastDayOfMonth();
        if (upper == "LW") return new AwsCronDayRule.NearestWeekday(null);
        if (upper.EndsWith('W') && TryNumber(upper[..^1], out var day))
        {
            CheckRange(DayOfMonth, day, text);
            return new AwsCronDayRule.NearestWeekday(day);
        }
        throw Fail(DayOfMonth.Name, $"'{text}' is not supported; use L (last day), LW (last weekday) or a day with W such as 15W (nearest weekday)");
    }

    private static AwsCronDayRule ParseDayOfWeek(string text)
    {
        var upper = text.ToUpperInvariant();
        if (upper.Contains('#'))
        {
            if (upper.Contains(','))
                throw Fail(DayOfWeek.Name, $"'{text}': with '#' AWS allows only one expression in day-of-week (e.g. 2#1, not 2#1,6#3)");
            var parts = upper.Split('#');
            var day = ParseSingle(DayOfWeek, parts[0], text);
            if (parts.Length != 2 || !TryNumber(parts[1], out var nth) || nth is < 1 or > 5)
                throw Fail(DayOfWeek.Name, $"'{text}': the number after '#' must be 1-5 (which occurrence in the month, e.g. 2#1 = first Monday)");
            return new AwsCronDayRule.NthWeekdayOfMonth(day, nth);
        }

        // 'L' alone is the last day of the week (Saturday); "nL" or "FRIL" is the last such day of the month.
        if (upper == "L") return new AwsCronDayRule.DaysOfWeek(Flags(DayOfWeek, 7));
        if (upper.EndsWith('L') && !upper.Contains(','))
            return new AwsCronDayRule.LastWeekdayOfMonth(ParseSingle(DayOfWeek, upper[..^1], text));
        if (upper.Contains('L'))
            throw Fail(DayOfWeek.Name, $"'{text}': L must be the only value in day-of-week (write L, or a day with L such as 6L = last Friday)");

        return new AwsCronDayRule.DaysOfWeek(ParseValues(DayOfWeek, text));
    }

    /// <summary>Parses lists of values, ranges and steps into flags indexed by value.</summary>
    private static bool[] ParseValues(FieldSpec spec, string text)
    {
        var flags = new bool[spec.Max + 1];
        foreach (var element in text.Split(','))
        {
            if (element.Length == 0)
                throw Fail(spec.Name, $"'{text}' has an empty value between commas");
            foreach (var c in element)
                CheckCharacter(spec, c, element);

            var (rangeText, step) = SplitStep(spec, element);
            int from, to;
            if (rangeText == "*")
            {
                (from, to) = (spec.Min, spec.Max);
            }
            else if (rangeText.IndexOf('-') is var dash and > 0)
            {
                from = ParseSingle(spec, rangeText[..dash], element);
                to = ParseSingle(spec, rangeText[(dash + 1)..], element);
                if (from > to)
                    throw Fail(spec.Name, $"range '{rangeText}' runs backwards; write the smaller value first (wrap-around ranges are not supported)");
            }
            else
            {
                from = ParseSingle(spec, rangeText, element);
                // "5/15" means from 5 to the end of the field in steps; "5" alone is one value.
                to = step is null ? from : spec.Max;
            }

            for (var v = from; v <= to; v += step ?? 1)
                flags[v] = true;
        }
        return flags;
    }

    private static void CheckCharacter(FieldSpec spec, char c, string element)
    {
        if (char.IsLetterOrDigit(c)) return;
        var symbol = c.ToString();
        if (symbol == "?")
            throw Fail(spec.Name, spec.Wildcards.Contains('?')
                ? "'?' must be the whole field, not part of a list or range"
                : $"'?' is only allowed in day-of-month or day-of-week");
        if (!",-*/".Contains(c) || !spec.Wildcards.Contains(c))
            throw Fail(spec.Name, $"'{symbol}' in '{element}' is not allowed; {spec.Name} accepts {spec.Wildcards}");
    }

    private static (string Range, int? Step) SplitStep(FieldSpec spec, string element)
    {
        var slash = element.IndexOf('/');
        if (slash < 0) return (element, null);
        var maxStep = spec.Max - spec.Min;
        if (!TryNumber(element[(slash + 1)..], out var step) || step < 1 || step > maxStep)
            throw Fail(spec.Name, $"step '{element[(slash + 1)..]}' in '{element}' must be a whole number from 1 to {maxStep}");
        if (slash == 0)
            throw Fail(spec.Name, $"'{element}' has no start before '/'; write */{step} or 0/{step}");
        return (element[..slash], step);
    }

    private static int ParseSingle(FieldSpec spec, string token, string context)
    {
        if (token.Length == 0)
            throw Fail(spec.Name, $"'{context}' is missing a value");
        if (TryNumber(token, out var number))
        {
            CheckRange(spec, number, token);
            return number;
        }
        if (spec.Names is not null)
        {
            var index = Array.FindIndex(spec.Names, n => n.Equals(token, StringComparison.OrdinalIgnoreCase));
            if (index >= 0) return index + spec.Min;
            throw Fail(spec.Name, $"'{token}' is not a {spec.NameKind} ({spec.Names[0]}-{spec.Names[^1]} or {spec.Min}-{spec.Max})");
        }
        throw Fail(spec.Name, $"'{token}' is not a number ({spec.Min}-{spec.Max})");
    }

    private static void CheckRange(FieldSpec spec, int value, string token)
    {
        if (value < spec.Min || value > spec.Max)
            throw Fail(spec.Name, $"'{token}' is out of range {spec.Min}-{spec.Max}");
    }

    private static bool TryNumber(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool[] Flags(FieldSpec spec, int value)
    {
        var flags = new bool[spec.Max + 1];
        flags[value] = true;
        return flags;
    }

    private static AwsCronFormatException Fail(string field, string message) =>
        new(field, field == "expression" ? message : $"{field}: {message}");
}
