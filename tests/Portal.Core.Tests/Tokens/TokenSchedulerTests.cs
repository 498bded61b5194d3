using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Core.Tokens;

namespace Portal.Core.Tests.Tokens;

/// <summary>Schedule, lease and catch-up on the real local stack, with a ManualClock so nothing waits for :15.</summary>
public sealed class TokenSchedulerTests
{
    private static readonly DateTimeOffset Occurrence = new(2026, 11, 21, 10, 15, 0, TimeSpan.Zero);

    /// <summary>A second portal instance: its own scheduler (own holder id) over the same tables, bucket and clock.</summary>
    private static TokenScheduler SecondInstance(TokenPipeline pipeline)
    {
        var sp = pipeline.Services;
        return new TokenScheduler(sp.GetRequiredService<TokenCollector>(), sp.GetRequiredService<RunLease>(), sp.GetRequiredService<TokenStore>(),
            sp.GetRequiredService<IOptions<TokenRefreshOptions>>(), sp.GetRequiredService<TimeProvider>(), NullLogger<TokenScheduler>.Instance);
    }

    [Fact]
    public async Task Two_instances_racing_for_one_occurrence_produce_exactly_one_run()
    {
        var clock = new ManualClock(Occurrence.AddSeconds(3));
        await using var pipeline = await TokenPipeline.StartAsync(clock: clock);
        var first = pipeline.Services.GetRequiredService<TokenScheduler>();
        var second = SecondInstance(pipeline);
        Assert.NotEqual(first.InstanceId, second.InstanceId);

        var runs = await Task.WhenAll(first.RunOccurrenceAsync(Occurrence), second.RunOccurrenceAsync(Occurrence));

        var run = Assert.Single(runs, r => r is not null);
        Assert.True(run!.Succeeded, run.ErrorReason);
        Assert.Equal(TokenRunTrigger.Schedule, run.Trigger);
        var history = (await pipeline.History.PageAsync(10)).Runs;
        Assert.Equal(run.RunId, Assert.Single(history).RunId);

        // Hours later, after the lease's own duration, the completed occurrence is still not run again...
        clock.Advance(TimeSpan.FromMinutes(50));
        Assert.Null(await second.RunOccurrenceAsync(Occurrence));
        Assert.Null(await first.RunOccurrenceAsync(Occurrence));
        // ...while the next occurrence is a new lease.
        clock.Set(Occurrence.AddHours(1));
        Assert.NotNull(await second.RunOccurrenceAsync(Occurrence.AddHours(1)));
        Assert.Equal(2, (await pipeline.History.PageAsync(10)).Runs.Count);
    }

    [Fact]
    public async Task A_lease_whose_holder_died_is_taken_over_after_it_expires_but_not_before()
    {
        var clock = new ManualClock(Occurrence);
        await using var pipeline = await TokenPipeline.StartAsync(clock: clock);
        var lease = pipeline.Services.GetRequiredService<RunLease>();
        var key = TokenScheduler.LeaseKey(Occurrence);
        Assert.Equal("token-refresh#2026-11-21T10:15Z", key);

        Assert.True(await lease.TryAcquireAsync(key, "instance-that-dies", TimeSpan.FromMinutes(5)));
        Assert.False(await lease.TryAcquireAsync(key, "survivor", TimeSpan.FromMinutes(5)));
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(await SecondInstance(pipeline).RunOccurrenceAsync(Occurrence));

        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var run = await SecondInstance(pipeline).RunOccurrenceAsync(Occurrence);
        Assert.NotNull(run);
        Assert.True(run.Succeeded, run.ErrorReason);
        // The dead holder cannot complete a lease it lost.
        Assert.False(await lease.CompleteAsync(key, "instance-that-dies", Occurrence.AddHours(2)));
    }

    [Fact]
    public async Task On_start_a_missed_run_is_caught_up_only_when_the_last_token_is_older_than_one_period()
    {
        var clock = new ManualClock(Occurrence.AddMinutes(-30));
        await using var pipeline = await TokenPipeline.StartAsync(clock: clock);

        // No token at all: the 09:15 run is caught up at 09:45.
        var caughtUp = await pipeline.Services.GetRequiredService<TokenScheduler>().CatchUpAsync();
        Assert.NotNull(caughtUp);
        Assert.True(caughtUp.Succeeded, caughtUp.ErrorReason);

        // A restart 50 minutes after that token (10:35): younger than one hour, nothing to catch up,
        // even though this new instance has not handled 10:15 itself.
        clock.Set(Occurrence.AddMinutes(20));
        Assert.Null(await SecondInstance(pipeline).CatchUpAsync());

        // A restart at 11:50: the token is 2 h 5 min old, so the 11:15 run is caught up.
        clock.Set(Occurrence.AddMinutes(95));
        var late = await SecondInstance(pipeline).CatchUpAsync();
        Assert.NotNull(late);
        Assert.Equal(2, (await pipeline.History.PageAsync(10)).Runs.Count);
    }

    [Fact]
    public async Task Ticks_run_each_occurrence_once_when_the_clock_reaches_it()
    {
        var clock = new ManualClock(Occurrence.AddMinutes(-1));
        await using var pipeline = await TokenPipeline.StartAsync(clock: clock);
        await pipeline.Collector.RunAsync(TokenRunTrigger.Manual, "admin"); // a fresh token: no catch-up
        var scheduler = SecondInstance(pipeline);

        Assert.Null(await scheduler.TickAsync()); // first tick is the start-up check
        Assert.Null(await scheduler.TickAsync()); // 10:14: nothing due
        clock.Set(Occurrence);
        var run = await scheduler.TickAsync();
        Assert.NotNull(run);
        Assert.Equal(TokenRun.ScheduleActor, run.TriggeredBy);
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Null(await scheduler.TickAsync());
        clock.Set(Occurrence.AddHours(1).AddSeconds(20));
        Assert.NotNull(await scheduler.TickAsync());
    }

    [Fact]
    public async Task The_hosted_service_runs_the_occurrence_when_the_clock_gets_there()
    {
        var clock = new ManualClock(Occurrence.AddMinutes(-1));
        await using var pipeline = await TokenPipeline.StartAsync(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Portal:Tokens:SchedulerEnabled"] = "true",
            ["Portal:Tokens:SchedulerPollInterval"] = "00:00:00.050",
        });
        await pipeline.Collector.RunAsync(TokenRunTrigger.Manual, "admin");
        var scheduler = pipeline.Services.GetRequiredService<TokenScheduler>();

        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(300);
            Assert.Single((await pipeline.History.PageAsync(10)).Runs); // only the manual run: the token is fresh
            clock.Set(Occurrence);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            IReadOnlyList<TokenRun> runs;
            do
            {
                await Task.Delay(50);
                runs = (await pipeline.History.PageAsync(10)).Runs;
            }
            while (runs.Count < 2 && DateTime.UtcNow < deadline);
            Assert.Equal(TokenRunTrigger.Schedule, runs[0].Trigger);
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Switched_off_the_hosted_service_runs_nothing()
    {
        var clock = new ManualClock(Occurrence);
        await using var pipeline = await TokenPipeline.StartAsync(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Portal:Tokens:SchedulerPollInterval"] = "00:00:00.050",
        });
        var scheduler = pipeline.Services.GetRequiredService<TokenScheduler>();

        await scheduler.StartAsync(CancellationToken.None);
        await Task.Delay(300);
        await scheduler.StopAsync(CancellationToken.None);

        Assert.Empty((await pipeline.History.PageAsync(10)).Runs);
        Assert.Null(await pipeline.Store.ReadAsync());
    }
}
