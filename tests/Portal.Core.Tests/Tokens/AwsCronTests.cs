using System.Globalization;
using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

public class AwsCronTests
{
    private static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text + "Z", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private static DateTimeOffset? Next(string expression, string after) =>
        AwsCron.Parse(expression).GetNextOccurrence(Utc(after));

    private static DateTimeOffset? Previous(string expression, string before) =>
        AwsCron.Parse(expression).GetPreviousOccurrence(Utc(before));

    [Theory]
    [InlineData("cron(15 * * * ? *)", "2026-03-10T10:14:00", "2026-03-10T10:15:00")]
    [InlineData("cron(15 * * * ? *)", "2026-03-10T10:15:00", "2026-03-10T11:15:00")]
    [InlineData("cron(15 * * * ? *)", "2026-03-10T10:14:59.999", "2026-03-10T10:15:00")]
    [InlineData("cron(15 * * * ? *)", "2026-03-10T23:20:00", "2026-03-11T00:15:00")]
    // 2026-03-13 is a Friday: the next weekday noon is Monday the 16th.
    [InlineData("cron(0 12 ? * MON-FRI *)", "2026-03-13T12:00:00", "2026-03-16T12:00:00")]
    [InlineData("cron(0 12 ? * 2-6 *)", "2026-03-13T12:00:00", "2026-03-16T12:00:00")]
    [InlineData("cron(0/5 8-17 ? * * *)", "2026-03-10T17:55:00", "2026-03-11T08:00:00")]
    [InlineData("cron(0/5 8-17 ? * * *)", "2026-03-10T08:02:00", "2026-03-10T08:05:00")]
    [InlineData("cron(*/10 * * * ? *)", "2026-03-10T08:50:00", "2026-03-10T09:00:00")]
    [InlineData("cron(1/10 * * * ? *)", "2026-03-10T08:01:00", "2026-03-10T08:11:00")]
    [InlineData("cron(0 8-17/2 * * ? *)", "2026-03-10T10:00:00", "2026-03-10T12:00:00")]
    [InlineData("cron(0 8-17/2 * * ? *)", "2026-03-10T16:00:00", "2026-03-11T08:00:00")]
    [InlineData("cron(0 0 31 * ? *)", "2026-01-31T00:00:00", "2026-03-31T00:00:00")]
    [InlineData("cron(0 0 * * ? *)", "2026-01-31T10:00:00", "2026-02-01T00:00:00")]
    [InlineData("cron(0 0 29 FEB ? *)", "2026-01-01T00:00:00", "2028-02-29T00:00:00")]
    [InlineData("cron(0 0 * * ? *)", "2028-02-28T00:00:00", "2028-02-29T00:00:00")]
    [InlineData("cron(59 23 * * ? *)", "2026-12-31T23:59:00", "2027-01-01T23:59:00")]
    [InlineData("cron(* * * * ? *)", "2026-12-31T23:59:00", "2027-01-01T00:00:00")]
    [InlineData("cron(0 0 1 JAN,jul ? *)", "2026-02-01T00:00:00", "2026-07-01T00:00:00")]
    [InlineData("cron(0 0 1 1 ? 2030)", "2026-05-01T00:00:00", "2030-01-01T00:00:00")]
    [InlineData("cron(0 0 1 1 ? 2030-2199/100)", "2031-01-01T00:00:00", "2130-01-01T00:00:00")]
    [InlineData("15 10 * * ? *", "2026-03-10T10:15:00", "2026-03-11T10:15:00")]
    public void Next_occurrence_is_strictly_after(string expression, string after, string expected)
    {
        Assert.Equal(Utc(expected), Next(expression, after));
    }

    [Fact]
    public void Next_occurrence_is_null_when_the_year_range_is_exhausted()
    {
        Assert.Null(Next("cron(0 0 1 1 ? 2030)", "2030-01-01T00:00:00"));
        Assert.Null(Next("cron(0 0 * * ? *)", "2199-12-31T00:00:00"));
        Assert.Null(Next("cron(0 0 * * ? *)", "2300-01-01T00:00:00"));
    }

    [Fact]
    public void Next_occurrence_converts_offsets_to_utc()
    {
        // 11:14 at +01:00 is 10:14 UTC.
        var after = new DateTimeOffset(2026, 3, 10, 11, 14, 0, TimeSpan.FromHours(1));
        var next = AwsCron.Parse("cron(15 * * * ? *)").GetNextOccurrence(after);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 10, 15, 0, TimeSpan.Zero), next);
        Assert.Equal(TimeSpan.Zero, next!.Value.Offset);
    }

    [Fact]
    public void Next_occurrence_before_1970_starts_at_the_first_allowed_year()
    {
        Assert.Equal(Utc("1970-01-01T00:15:00"), Next("cron(15 * * * ? *)", "1960-06-01T00:00:00"));
    }

    [Fact]
    public void A_rare_schedule_walks_every_leap_day_without_scanning_minutes()
    {
        // 29 February: the search must jump by month and year, not minute by minute.
        var cron = AwsCron.Parse("cron(0 0 29 2 ? *)");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var found = new List<DateTimeOffset>();
        for (var at = cron.GetNextOccurrence(Utc("1970-01-01T00:00:00")); at is not null; at = cron.GetNextOccurrence(at.Value))
            found.Add(at.Value);

        // Leap years 1972..2196 are 57, minus 2100 (divisible by 100, not by 400).
        Assert.Equal(56, found.Count);
        Assert.Equal(Utc("1972-02-29T00:00:00"), found[0]);
        Assert.Equal(Utc("2196-02-29T00:00:00"), found[^1]);
        Assert.DoesNotContain(found, d => d.Year == 2100);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"took {started.Elapsed}");
    }

    [Theory]
    [InlineData("cron(15 * * * ? *)", "2026-03-10T10:15:00", "2026-03-10T09:15:00")]
    [InlineData("cron(15 * * * ? *)", "2026-03-10T10:15:30", "2026-03-10T10:15:00")]
    [InlineData("cron(15 * * * ? *)", "2026-03-11T00:10:00", "2026-03-10T23:15:00")]
    [InlineData("cron(0 12 ? * MON-FRI *)", "2026-03-16T11:00:00", "2026-03-13T12:00:00")]
    [InlineData("cron(0 0 29 2 ? *)", "2028-01-01T00:00:00", "2024-02-29T00:00:00")]
    [InlineData("cron(0 0 1 1 ? *)", "2027-01-01T00:00:00", "2026-01-01T00:00:00")]
    public void Previous_occurrence_is_strictly_before(string expression, string before, string expected)
    {
        Assert.Equal(Utc(expected), Previous(expression, before));
    }

    [Fact]
    public void Previous_occurrence_is_null_before_the_first_fire_time()
    {
        Assert.Null(Previous("cron(0 0 1 1 ? 2030)", "2030-01-01T00:00:00"));
        Assert.Null(Previous("cron(0 0 1 1 ? *)", "1970-01-01T00:00:00"));
    }

    [Fact]
    public void Previous_and_next_agree_over_a_month_of_hourly_runs()
    {
        var cron = AwsCron.Parse("cron(15 * * * ? *)");
        var t = Utc("2026-02-01T00:00:00");
        for (var i = 0; i < 24 * 31; i++)
        {
            var next = cron.GetNextOccurrence(t)!.Value;
            Assert.Equal(t.AddMinutes(t.Minute < 15 ? 15 - t.Minute : 75 - t.Minute), next);
            Assert.True(cron.GetPreviousOccurrence(next.AddMinutes(1)) == next);
            t = next;
        }
    }

    // --- L, W and # ---

    [Theory]
    [InlineData("cron(0 0 L * ? *)", "2026-02-01T00:00:00", "2026-02-28T00:00:00")]
    [InlineData("cron(0 0 L * ? *)", "2028-02-01T00:00:00", "2028-02-29T00:00:00")]
    [InlineData("cron(0 0 L * ? *)", "2026-04-30T00:00:00", "2026-05-31T00:00:00")]
    // 2026-08-15 is a Saturday: nearest weekday is Friday the 14th.
    [InlineData("cron(0 9 15W * ? *)", "2026-08-01T00:00:00", "2026-08-14T09:00:00")]
    // 2026-11-15 is a Sunday: nearest weekday is Monday the 16th.
    [InlineData("cron(0 9 15W * ? *)", "2026-11-01T00:00:00", "2026-11-16T09:00:00")]
    // 2026-08-01 is a Saturday: 1W does not leave the month, so Monday the 3rd.
    [InlineData("cron(0 9 1W * ? *)", "2026-07-31T00:00:00", "2026-08-03T09:00:00")]
    // 2026-05-31 is a Sunday: 31W does not leave the month, so Friday the 29th.
    [InlineData("cron(0 9 31W * ? *)", "2026-05-01T00:00:00", "2026-05-29T09:00:00")]
    // 31W skips months that have no 31st (June 2026), Jul 31 2026 is a Friday.
    [InlineData("cron(0 9 31W * ? *)", "2026-06-01T00:00:00", "2026-07-31T09:00:00")]
    // Last weekday: 2026-10-31 is a Saturday, so Friday the 30th.
    [InlineData("cron(0 9 LW * ? *)", "2026-10-01T00:00:00", "2026-10-30T09:00:00")]
    // 6L = last Friday: March 2026 -> the 27th.
    [InlineData("cron(0 9 ? * 6L *)", "2026-03-01T00:00:00", "2026-03-27T09:00:00")]
    [InlineData("cron(0 9 ? * FRIL *)", "2026-03-27T09:00:00", "2026-04-24T09:00:00")]
    // L alone in day-of-week is the last day of the week: Saturday.
    [InlineData("cron(0 9 ? * L *)", "2026-03-10T00:00:00", "2026-03-14T09:00:00")]
    // 2#1 = first Monday: April 2026 -> the 6th.
    [InlineData("cron(0 9 ? * 2#1 *)", "2026-03-02T09:00:00", "2026-04-06T09:00:00")]
    [InlineData("cron(0 9 ? * MON#1 *)", "2026-03-01T00:00:00", "2026-03-02T09:00:00")]
    // 5th Friday exists only in some months: after Jan 30 2026, next is May 29 2026.
    [InlineData("cron(0 9 ? * 6#5 *)", "2026-01-30T09:00:00", "2026-05-29T09:00:00")]
    public void Special_day_wildcards(string expression, string after, string expected)
    {
        Assert.Equal(Utc(expected), Next(expression, after));
    }

    // --- invalid expressions ---

    [Theory]
    [InlineData("cron(15 * * * ?)", "expression", "expected 6 fields")]
    [InlineData("15 * * * ? * *", "expression", "expected 6 fields")]
    [InlineData("", "expression", "empty")]
    [InlineData("rate(1 hour)", "expression", "rate expression")]
    [InlineData("cron(15 * * * ? *", "expression", "does not end with ')'")]
    [InlineData("cron(15 * ? * ? *)", "day-of-month", "both '?'")]
    [InlineData("cron(15 * * * * *)", "day-of-month", "specify ? in either day-of-month or day-of-week")]
    [InlineData("cron(15 * 1 * MON *)", "day-of-month", "specify ? in either day-of-month or day-of-week")]
    [InlineData("cron(60 * * * ? *)", "minutes", "minutes: '60' is out of range 0-59")]
    [InlineData("cron(0 24 * * ? *)", "hours", "hours: '24' is out of range 0-23")]
    [InlineData("cron(0 0 32 * ? *)", "day-of-month", "day-of-month: '32' is out of range 1-31")]
    [InlineData("cron(0 0 0 * ? *)", "day-of-month", "day-of-month: '0' is out of range 1-31")]
    [InlineData("cron(0 0 ? * FOO *)", "day-of-week", "day-of-week: 'FOO' is not a day name (SUN-SAT or 1-7)")]
    [InlineData("cron(0 0 ? * 0 *)", "day-of-week", "day-of-week: '0' is out of range 1-7")]
    [InlineData("cron(0 0 1 JANUARY ? *)", "month", "month: 'JANUARY' is not a month name (JAN-DEC or 1-12)")]
    [InlineData("cron(x 0 1 1 ? *)", "minutes", "minutes: 'x' is not a number (0-59)")]
    [InlineData("cron(0/0 * * * ? *)", "minutes", "step '0' in '0/0' must be a whole number from 1 to 59")]
    [InlineData("cron(0/x * * * ? *)", "minutes", "step 'x'")]
    [InlineData("cron(/5 * * * ? *)", "minutes", "no start before '/'")]
    [InlineData("cron(0 17-8 * * ? *)", "hours", "runs backwards")]
    [InlineData("cron(0 0 ? * MON/2 *)", "day-of-week", "'/' in 'MON/2' is not allowed; day-of-week accepts , - * ? L #")]
    [InlineData("cron(0 ? * * ? *)", "hours", "'?' is only allowed in day-of-month or day-of-week")]
    [InlineData("cron(0 0 1,? * ? *)", "day-of-month", "'?' must be the whole field")]
    [InlineData("cron(0 0 ? * 2#1,6#3 *)", "day-of-week", "only one expression")]
    [InlineData("cron(0 0 ? * 2#6 *)", "day-of-week", "must be 1-5")]
    [InlineData("cron(0 0 L-2 * ? *)", "day-of-month", "'L-2' is not supported")]
    [InlineData("cron(0 0 1,L * ? *)", "day-of-month", "must be the only value")]
    [InlineData("cron(0 0 1 1 ? 1969)", "year", "year: '1969' is out of range 1970-2199")]
    [InlineData("cron(0 0 1 1 ? 2200)", "year", "year: '2200' is out of range 1970-2199")]
    [InlineData("cron(1,,2 0 1 1 ? *)", "minutes", "empty value")]
    [InlineData("cron(0 0 # * ? *)", "day-of-month", "'#' in '#' is not allowed")]
    public void Invalid_expressions_name_the_field_and_value(string expression, string field, string message)
    {
        var ex = Assert.Throws<AwsCronFormatException>(() => AwsCron.Parse(expression));
        Assert.Equal(field, ex.Field);
        Assert.Contains(message, ex.Message);

        Assert.False(AwsCron.TryParse(expression, out var cron, out var error));
        Assert.Null(cron);
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void Expression_is_normalised_to_the_cron_wrapper()
    {
        Assert.True(AwsCron.TryParse("  15   *  * * ? *  ", out var cron, out _));
        Assert.Equal("cron(15 * * * ? *)", cron.Expression);
        Assert.Equal("cron(15 * * * ? *)", cron.ToString());
    }
}
