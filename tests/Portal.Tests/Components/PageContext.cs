using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using Portal.Auth;
using Portal.Circuits;
using Portal.Core.Identity;

namespace Portal.Tests.Components;

/// <summary>
/// bunit with MudBlazor's test setup (its services, loose JS interop, the popover provider rendered first) over a real
/// portal: every Core service comes from <see cref="PortalServer"/>'s host on the local stack, so a page talks to
/// DynamoDB, S3 and the Cognito stand-in for real. The circuit's user is <see cref="User"/>, authorized through the
/// portal's own policies; <see cref="SignInAs"/> changes it as a revalidated session would.
/// </summary>
public sealed class PageContext : BunitContext
{
    private readonly CircuitUser _user;

    /// <param name="withProviders">False for the layout, which renders MudBlazor's providers itself (two popover providers clash).</param>
    public PageContext(PortalServer portal, ClaimsPrincipal user, bool withProviders = true)
    {
        _user = new CircuitUser(user);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = o.SnackbarConfiguration.HideTransitionDuration = 0);
        Services.AddSingleton<AuthenticationStateProvider>(_user);
        Services.AddCascadingAuthenticationState();
        var adminGroup = portal.Services.GetRequiredService<IOptions<CognitoOptions>>().Value.AdminGroup;
        Services.AddAuthorizationCore(o => AuthorizationPolicies.Configure(o, adminGroup));
        // bunit registers placeholders that refuse to authorize; the portal's policies must decide (AuthorizeView, AdminGate).
        Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        Services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        Services.AddScoped<AdminGate>();
        Services.AddFallbackServiceProvider(portal.Services);
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true)); // as in a live circuit
        if (!withProviders)
        {
            Dialogs = null!;
            return;
        }

        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        Dialogs = Render<MudDialogProvider>();
    }

    /// <summary>Where dialogs opened by the page render, to find and click inside them.</summary>
    public IRenderedComponent<MudDialogProvider> Dialogs { get; }

    /// <summary>Clicks the button labelled <paramref name="text"/> in the open dialog, once the dialog is there.</summary>
    public void ClickInDialog(string text)
    {
        Dialogs.WaitForAssertion(() => Assert.Contains(Dialogs.FindAll("button"), b => b.TextContent.Trim() == text));
        Dialogs.FindAll("button").First(b => b.TextContent.Trim() == text).Click();
    }

    /// <summary>Where the page's dialogs render: find their fields and buttons here.</summary>
    public IRenderedComponent<MudDialogProvider> DialogProvider => Dialogs;

    public ClaimsPrincipal User => _user.Current;

    /// <summary>What the snackbar shows now, newest last.</summary>
    public IReadOnlyList<string> SnackbarMessages =>
        Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "").ToList();

    /// <summary>The circuit's user becomes <paramref name="user"/> (anonymous: the session ended), and the page re-renders.</summary>
    public void SignInAs(ClaimsPrincipal user) => _user.Change(user, notify: true);

    /// <summary>The server's idea of the user changes but the page has not re-rendered yet: its buttons are still
    /// there, so a test can click one and see the server-side check refuse it (hiding buttons is only a courtesy).</summary>
    public void ChangeUserBehindThePage(ClaimsPrincipal user) => _user.Change(user, notify: false);

    public static ClaimsPrincipal Admin(string name = "admin") => Principal(name, PoolUsers.AdminGroup);

    public static ClaimsPrincipal Viewer(string name = "viewer") => Principal(name);

    public static ClaimsPrincipal SignedOut => new(new ClaimsIdentity());

    /// <summary>A user shaped as the sign-in handler makes one: Cognito's username and groups as name and roles.</summary>
    public static ClaimsPrincipal Principal(string name, params string[] groups) =>
        new(new ClaimsIdentity(
            [new Claim(CognitoClaims.Username, name), .. groups.Select(g => new Claim(CognitoClaims.Groups, g))],
            "Cookies", CognitoClaims.Username, CognitoClaims.Groups));

    private sealed class CircuitUser(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public ClaimsPrincipal Current { get; private set; } = user;

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(Current));

        public void Change(ClaimsPrincipal user, bool notify)
        {
            Current = user;
            if (notify)
                NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
        }
    }
}
