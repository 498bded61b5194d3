using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Portal.Core.Aws;
using Portal.Core.Identity;
using Portal.Core.Sessions;
using Portal.Testing;

namespace Portal.Tests.Auth;

/// <summary><c>Portal:Auth:MaxSessionLifetime</c>: bound from configuration, checked on start, counted from the sign-in.
/// The whole pipeline (sliding renewal and refreshes on the way) is in <see cref="SessionEndTests"/>.</summary>
public sealed class SessionLifetimeTests
{
    [Fact]
    public void A_configured_cap_counts_from_the_sign_in_and_a_session_without_a_sign_in_time_is_over()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Portal:Auth:MaxSessionLifetime", "00:30:00")]).Build();
        var options = Options.Create(configuration.GetSection(CognitoOptions.Section).Get<CognitoOptions>()!);
        var clock = new ManualClock();
        var lifetime = new SessionLifetime(options, clock);
        var session = new Dictionary<string, string?>();

        lifetime.Start(session);
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.False(lifetime.IsOver(session));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(lifetime.IsOver(session));
        Assert.True(lifetime.IsOver(new Dictionary<string, string?>()));
    }

    [Theory]
    [InlineData("00:04:59")]
    [InlineData("7.00:00:01")]
    [InlineData("-01:00:00")]
    public void A_cap_outside_five_minutes_to_seven_days_stops_start_up_naming_the_key(string cap)
    {
        var options = new CognitoOptions { Authority = "http://127.0.0.1:4569", UserPoolId = "local_portal", ClientId = "portal-web", ClientSecret = "s", MaxSessionLifetime = TimeSpan.Parse(cap) };

        var result = new CognitoOptionsValidator(Options.Create(new PortalOptions())).Validate(null, options);

        Assert.Equal($"Portal:Auth:MaxSessionLifetime must be between 00:05:00 and 7.00:00:00 (got '{TimeSpan.Parse(cap)}').", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("00:05:00")]
    [InlineData("7.00:00:00")]
    public void The_bounds_themselves_are_allowed_and_the_default_is_twelve_hours(string cap)
    {
        var options = new CognitoOptions { Authority = "http://127.0.0.1:4569", UserPoolId = "local_portal", ClientId = "portal-web", ClientSecret = "s", MaxSessionLifetime = TimeSpan.Parse(cap) };

        Assert.True(new CognitoOptionsValidator(Options.Create(new PortalOptions())).Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromHours(12), new CognitoOptions().MaxSessionLifetime);
    }
}
