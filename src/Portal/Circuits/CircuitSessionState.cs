using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;
using Portal.Auth;
using Portal.Core.Sessions;
using Portal.Core.Users;

namespace Portal.Circuits;

/// <summary>
/// The circuit's user, kept true to the server-side session for as long as the circuit lives. The cookie is checked
/// once, when the circuit connects; after that every <see cref="PortalCircuitOptions.SessionCheckInterval"/> the circuit
/// re-reads its session: signed out elsewhere, past its lifetime, or disabled in the user pool, the user becomes
/// anonymous (the page ends); changed groups in the pool replace the user's roles (admin actions come and go).
/// </summary>
public sealed class CircuitSessionState : ServerAuthenticationStateProvider, IDisposable
{
    private readonly ITicketStore tickets;
    private readonly SessionLifetime lifetime;
    private readonly SessionRevalidation pool;
    private readonly IOptions<PortalCircuitOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<CircuitSessionState> logger;
    private readonly CancellationTokenSource _stop = new();
    private int _started;

    public CircuitSessionState(ITicketStore tickets, SessionLifetime lifetime, SessionRevalidation pool, IOptions<PortalCircuitOptions> options,
        TimeProvider time, ILogger<CircuitSessionState> logger)
    {
        (this.tickets, this.lifetime, this.pool, this.options, this.time, this.logger) = (tickets, lifetime, pool, options, time, logger);
        // The framework hands over the connecting user through SetAuthenticationState (not virtual), which raises this
        // event; the checks start with it and run until the circuit ends.
        AuthenticationStateChanged += StartChecks;
    }

    private void StartChecks(Task<AuthenticationState> state)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
            _ = Task.Run(() => CheckUntilStoppedAsync(_stop.Token));
    }

    private async Task CheckUntilStoppedAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(options.Value.SessionCheckInterval, time, stop);
                var user = (await base.GetAuthenticationStateAsync()).User;
                if (user.Identity?.IsAuthenticated != true)
                    return;
                var now = await CheckAsync(user, stop);
                logger.LogDebug("The circuit of {User} checked its session: {Outcome}", user.Identity?.Name, ReferenceEquals(now, user) ? "unchanged" : "changed");
                if (!ReferenceEquals(now, user))
                    SetAuthenticationState(Task.FromResult(new AuthenticationState(now)));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException ex)
        {
            // The host is stopping: its clients went before this circuit did. Nothing is wrong with the session.
            logger.LogDebug(ex, "The session checks of a circuit stopped with the host");
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The session checks of a circuit stopped");
        }
    }

    /// <summary>The user as the session stands now: the same instance when nothing changed, anonymous when it ended.</summary>
    internal async Task<ClaimsPrincipal> CheckAsync(ClaimsPrincipal user, CancellationToken cancel)
    {
        var key = user.FindFirst(DynamoTicketStore.SessionKeyClaim)?.Value;
        var ticket = key is null ? null : await tickets.RetrieveAsync(key);
        if (ticket is null || lifetime.IsOver(ticket.Properties.Items))
            return Ended(user, ticket is null ? "its session was signed out or expired" : "its session reached its maximum lifetime");

        Revalidation check;
        try
        {
            check = await pool.RevalidateAsync(ticket.Principal, ticket.Properties.Items, ticket.Properties.IssuedUtc, cancel);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The circuit of {User} could not check its session; it goes on", user.Identity?.Name);
            return user;
        }

        if (check.Outcome == RevalidationOutcome.Ended)
        {
            await tickets.RemoveAsync(key!); // the cookie of this session must not work either
            return Ended(user, check.Reason!);
        }

        var current = check.Principal ?? ticket.Principal;
        if (check.Checked)
            await tickets.RenewAsync(key!, new AuthenticationTicket(current, ticket.Properties, ticket.AuthenticationScheme));
        return SameRoles(current, user) ? user : current;
    }

    private ClaimsPrincipal Ended(ClaimsPrincipal user, string reason)
    {
        logger.LogInformation("The circuit of {User} ends: {Reason}", user.Identity?.Name, reason);
        return new ClaimsPrincipal(new ClaimsIdentity());
    }

    private static bool SameRoles(ClaimsPrincipal a, ClaimsPrincipal b) =>
        Roles(a).SetEquals(Roles(b));

    private static HashSet<string> Roles(ClaimsPrincipal user) =>
        user.Identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    public void Dispose()
    {
        AuthenticationStateChanged -= StartChecks;
        _stop.Cancel();
        _stop.Dispose();
    }
}
