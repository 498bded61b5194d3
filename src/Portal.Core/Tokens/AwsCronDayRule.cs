namespace Portal.Core.Tokens;

/// <summary>
/// Which days of a month a cron expression fires on. Day-of-month and day-of-week are
/// mutually exclusive in AWS (one of them is always '?'), so one rule covers both.
/// </summary>
internal abstract record AwsCronDayRule
{
    public abstract bool Matches(int year, int month, int day);

    /// <summary>Day-of-month values (1-31); a value past the month's end simply never matches.</summary>
    public sealed record DaysOfMonth(bool[] Days) : AwsCronDayRule
    {
        public override bool Matches(int year, int month, int day) => Days[day];
    }

    /// <summary>Day-of-month 'L': the last day of the month.</summary>
    public sealed record LastDayOfMonth : AwsCronDayRule
    {
        public override bool Matches(int year, int month, int day) => day == DateTime.DaysInMonth(year, month);
    }

    /// <summary>Day-of-month 'nW' (nearest weekday to day n, never leaving the month) or 'LW' (last weekday).</summary>
    public sealed record NearestWeekday(int? TargetDay) : AwsCronDayRule
    {
        public override bool Matches(int year, int month, int day)
        {
            var daysInMonth = DateTime.DaysInMonth(year, month);
            var target = TargetDay ?? daysInMonth;
            // 31W in a 30-day month has no target day, so it never fires that month.
            if (target > daysInMonth) return false;
            return day == NearestWeekdayTo(year, month, target, daysInMonth);
        }

        private static int NearestWeekdayTo(int year, int month, int target, int daysInMonth)
        {
            switch (new DateTime(year, month, target).DayOfWeek)
            {
                case DayOfWeek.Saturday:
                    return target == 1 ? 3 : target - 1; // 1st is Saturday: Monday the 3rd, not the previous month
                case DayOfWeek.Sunday:
                    return target == daysInMonth ? target - 2 : target + 1;
                default:
                    return target;
            }
        }
    }

    /// <summary>Day-of-week values, indexed by AWS numbering 1=SUN..7=SAT.</summary>
    public sealed record DaysOfWeek(bool[] Days) : AwsCronDayRule
    {
        public override bool Matches(int year, int month, int day) =>
            Days[AwsDayNumber(new DateTime(year, month, day).DayOfWeek)];
    }

    /// <summary>Day-of-week 'nL': the last such weekday of the month (6L = last Friday).</summary>
    public sealed record LastWeekdayOfMonth(int AwsDay) : AwsCronDayRule
    {
        public override bool Matches(int year, int month, int day) =>
            AwsDayNumber(new DateTime(year, month, day).DayOfWeek) == AwsDay
            && day + 7 > DateTime.DaysInMonth(year, month);
    }

    /// <summary>Day-of-week 'n#k': the k-th such weekday of the month (2#1 = first Monday).</summary>
    public sealed record NthWeekdayOfMonth(int AwsDay, int Nth) : AwsCronDayRule
    {
        public override bool Matches(int year, int month, int day) =>
            AwsDayNumber(new DateTime(year, month, day).DayOfWeek) == AwsDay
            && (day - 1) / 7 + 1 == Nth;
    }

    /// <summary>AWS numbers days 1=SUN..7=SAT; .NET numbers them 0=Sunday..6=Saturday.</summary>
    public static int AwsDayNumber(DayOfWeek dayOfWeek) => (int)dayOfWeek + 1;
}
