using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Portal.Circuits;
using Portal.Core.Users;
using Portal.Tests.Auth;
using Portal.Tests.Users;

namespace Portal.Tests.Circuits;

/// <summary>
/// The circuit's user follows its server-side session while the page stays open: the real
/// <see cref="CircuitSessionState"/> of a circuit scope, given the principal a signed-in cookie carries, re-reads the
/// session every half second here. The pool is asked at most once a minute (a clock the tests move past it).
/// </summary>
[Collection(UserPoolCollection.Name)]
public sealed class CircuitSessionStateTests(ClockedPortal fixture) : IClassFixture<ClockedPortal>
{
    private static readonly string Pool = LocalStack.UserPoolId;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private CognitoIdentityProviderClient Cognito => fixture.Server.Stack.CognitoClient();

    [Fact]
    public async Task A_session_signed_out_elsewhere_makes_the_circuit_anonymous_within_the_interval()
    {
        await using var circuit = await OpenCircuitAsync("elsewhere");

        await circuit.Tickets.RemoveAsync(circuit.SessionKey); // what signing out in another tab does on the server

        Assert.False((await circuit.NextUserAsync()).Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task A_user_disabled_in_the_pool_becomes_anonymous_once_the_pool_check_is_due_and_the_session_is_removed()
    {
        await using var circuit = await OpenCircuitAsync("disabled");
        await Cognito.AdminDisableUserAsync(Pool, circuit.Username);

        await Task.Delay(TimeSpan.FromSeconds(2)); // several circuit checks, but the pool's minute has not passed
        Assert.True((await circuit.CurrentUserAsync()).Identity?.IsAuthenticated);

        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.False((await circuit.NextUserAsync()).Identity?.IsAuthenticated);
        Assert.Null(await circuit.Tickets.RetrieveAsync(circuit.SessionKey));
    }

    [Fact]
    public async Task Groups_changed_in_the_pool_change_the_circuits_roles_in_place()
    {
        await using var circuit = await OpenCircuitAsync("promoted");
        Assert.False((await circuit.CurrentUserAsync()).IsInRole(PoolUsers.AdminGroup));

        await Cognito.AdminAddUserToGroupAsync(Pool, circuit.Username, PoolUsers.AdminGroup);
        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        var promoted = await circuit.NextUserAsync();
        Assert.True(promoted.Identity?.IsAuthenticated);
        Assert.True(promoted.IsInRole(PoolUsers.AdminGroup));

        await Cognito.AdminRemoveUserFromGroupAsync(Pool, circuit.Username, PoolUsers.AdminGroup);
        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        var demoted = await circuit.NextUserAsync();
        Assert.True(demoted.Identity?.IsAuthenticated);
        Assert.False(demoted.IsInRole(PoolUsers.AdminGroup));
    }

    /// <summary>Signs a new pool user in over HTTP, then starts a circuit scope's state with the cookie's principal.</summary>
    private async Task<OpenCircuit> OpenCircuitAsync(string prefix)
    {
        var user = await PoolUsers.CreateAsync(fixture.Server.Stack, prefix);
        using var session = await HttpSignIn.AsAsync(fixture.Server, user);
        var ticket = await MachineTokens.SessionTicketAsync(fixture.Server, session.Cookies)
            ?? throw new InvalidOperationException("The sign-in made no session.");
        var scope = fixture.Server.Services.CreateAsyncScope();
        var state = (CircuitSessionState)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        // As the circuit host does: it sets the connecting user through the interface, and nothing else asks the
        // provider afterwards (the components read the cascaded state), so this alone must start the checks.
        ((IHostEnvironmentAuthenticationStateProvider)state).SetAuthenticationState(Task.FromResult(new AuthenticationState(ticket.Principal)));
        return new OpenCircuit(user.Username, scope, state, scope.ServiceProvider.GetRequiredService<ITicketStore>(),
            ticket.Principal.FindFirst(global::Portal.Auth.DynamoTicketStore.SessionKeyClaim)!.Value);
    }

    private sealed class OpenCircuit : IAsyncDisposable
    {
        private readonly AsyncServiceScope _scope;
        private readonly CircuitSessionState _state;
        private TaskCompletionSource<ClaimsPrincipal> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public OpenCircuit(string username, AsyncServiceScope scope, CircuitSessionState state, ITicketStore tickets, string sessionKey)
        {
            (Username, _scope, _state, Tickets, SessionKey) = (username, scope, state, tickets, sessionKey);
            state.AuthenticationStateChanged += async changed => _next.TrySetResult((await changed).User);
        }

        public string Username { get; }

        public ITicketStore Tickets { get; }

        public string SessionKey { get; }

        public async Task<ClaimsPrincipal> CurrentUserAsync() => (await _state.GetAuthenticationStateAsync()).User;

        /// <summary>The user the circuit changes to next (within <see cref="Within"/>).</summary>
        public async Task<ClaimsPrincipal> NextUserAsync()
        {
            var user = await _next.Task.WaitAsync(Within);
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return user;
        }

        public ValueTask DisposeAsync() => _scope.DisposeAsync();
    }
}
