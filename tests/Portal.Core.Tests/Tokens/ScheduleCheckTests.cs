using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

public class ScheduleCheckTests
{
    private static readonly AwsCron Hourly = AwsCron.Parse("cron(15 * * * ? *)");
    private static DateTimeOffset At(int hour, int minute) => new(2026, 3, 10, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void A_run_after_the_last_due_time_is_not_missed()
    {
        var check = ScheduleCheck.At(Hourly, lastRunStartedAt: At(10, 15).AddSeconds(3), now: At(10, 40));
        Assert.Equal(At(10, 15), check.LastDue);
        Assert.Equal(At(11, 15), check.NextRun);
        Assert.False(check.Missed);
    }

    [Fact]
    public void No_run_since_the_last_due_time_is_missed()
    {
        var check = ScheduleCheck.At(Hourly, lastRunStartedAt: At(9, 15), now: At(10, 40));
        Assert.True(check.Missed);
    }

    [Fact]
    public void Within_the_grace_period_the_current_run_is_not_yet_due()
    {
        // 10:18 is 3 minutes after 10:15: with 5 minutes of grace the 09:15 run is the last one due.
        var check = ScheduleCheck.At(Hourly, lastRunStartedAt: At(9, 15), now: At(10, 18));
        Assert.Equal(At(9, 15), check.LastDue);
        Assert.False(check.Missed);
        Assert.True(ScheduleCheck.At(Hourly, At(9, 15), At(10, 18), TimeSpan.FromMinutes(1)).Missed);
    }

    [Fact]
    public void No_history_is_missed_once_something_was_due()
    {
        Assert.True(ScheduleCheck.At(Hourly, null, At(10, 40)).Missed);
        var future = AwsCron.Parse("cron(0 0 1 1 ? 2199)");
        Assert.False(ScheduleCheck.At(future, null, At(10, 40)).Missed);
    }
}
