using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Sessions;

namespace Portal.Core.Tests.Sessions;

/// <summary>The per-user index of server-side sessions: "sign out everywhere" ends all of a user's sessions, only theirs.</summary>
public sealed class SessionStoreTests
{
    [Fact]
    public async Task Removing_a_users_sessions_ends_each_of_them_and_no_one_elses()
    {
        using var services = (await LocalStack.Shared).Services((s, c) => s.AddSessions(c));
        await LocalStack.EnsureResourcesAsync(services);
        var sessions = services.GetRequiredService<SessionStore>();
        var user = $"u{Guid.NewGuid():N}";
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        string Key(string name) => $"{user}-{name}".ToUpperInvariant();
        await sessions.PutAsync(Key("a"), [1], expires, user);
        await sessions.PutAsync(Key("b"), [2], expires, user);
        await sessions.PutAsync(Key("b"), [3], expires.AddHours(1), user); // a renewal
        await sessions.PutAsync(Key("signed-out"), [4], expires, user);
        await sessions.RemoveAsync(Key("signed-out"));
        await sessions.PutAsync(Key("other"), [5], expires, "someone-else");

        Assert.Equal(2, await sessions.RemoveAllForUserAsync(user));

        Assert.Null(await sessions.GetAsync(Key("a")));
        Assert.Null(await sessions.GetAsync(Key("b")));
        Assert.Equal([5], await sessions.GetAsync(Key("other")));
        Assert.Equal(0, await sessions.RemoveAllForUserAsync(user));
    }
}
