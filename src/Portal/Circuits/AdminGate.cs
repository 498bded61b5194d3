using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;
using Portal.Auth;
using Portal.Core.Identity;

namespace Portal.Circuits;

/// <summary>
/// The server-side check in front of every change made from a page. With Blazor Server a click travels over the
/// circuit, so no HTTP middleware sees it: the page asks here, at the moment of the action, whether the circuit's
/// user (as <see cref="CircuitSessionState"/> keeps it) passes the same Admin policy as the HTTP endpoints.
/// Hiding a button is only a courtesy.
/// </summary>
public sealed class AdminGate(AuthenticationStateProvider authentication, IAuthorizationService authorization,
    IOptions<CognitoOptions> cognito, ISnackbar snackbar, ILogger<AdminGate> logger)
{
    /// <summary>The admin who may do <paramref name="what"/> now, or null after telling the user why not.</summary>
    /// <param name="what">The action, as it ends the sentence "Only members of ... may ...".</param>
    public async Task<ClaimsPrincipal?> AdminOrRefuseAsync(string what)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if ((await authorization.AuthorizeAsync(user, AuthorizationPolicies.Admin)).Succeeded)
            return user;
        logger.LogWarning("Refused to {Action} for {User}: not in {Group}", what, user.Identity?.Name ?? "a signed-out user", cognito.Value.AdminGroup);
        snackbar.Add(RefusalMessage(what), Severity.Error);
        return null;
    }

    public string RefusalMessage(string what) => $"Only members of {cognito.Value.AdminGroup} may {what}. Nothing was changed.";
}
