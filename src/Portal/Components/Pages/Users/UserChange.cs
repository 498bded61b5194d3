using Portal.Core.Users;

namespace Portal.Components.Pages.Users;

/// <summary>One admin action on one user as the page offers it: what the confirmation dialog asks, the button that
/// confirms, and what the gate names when it refuses ("Only members of ... may ...").</summary>
public sealed record UserChange(UserAction Action, string Username)
{
    public string Title => Action switch
    {
        UserAction.AddToAdmins => "Make an admin?",
        UserAction.RemoveFromAdmins => "Remove from the admins?",
        UserAction.Disable => "Disable this user?",
        UserAction.Enable => "Enable this user?",
        _ => "Sign out everywhere?",
    };

    public string Question => Action switch
    {
        UserAction.AddToAdmins => $"{Username} joins the admin group: they may create and tear down VPCs, load orders and change users. Their open pages gain the admin actions within a minute.",
        UserAction.RemoveFromAdmins => $"{Username} leaves the admin group and keeps read-only access. Their open pages lose the admin actions within a minute.",
        UserAction.Disable => $"{Username} can no longer sign in, and their open pages end within a minute. You can enable them again later.",
        UserAction.Enable => $"{Username} may sign in again with their existing password.",
        _ => $"Cognito revokes every token of {Username}, and each of their portal sessions ends now. They can sign in again.",
    };

    /// <summary>The confirming button's text, the row button's label, and the audit trail's name for the action.</summary>
    public string Verb => Action switch
    {
        UserAction.AddToAdmins => "Make admin",
        UserAction.RemoveFromAdmins => "Remove admin",
        UserAction.Disable => "Disable",
        UserAction.Enable => "Enable",
        UserAction.SignOutEverywhere => "Sign out everywhere",
        _ => "Create user",
    };

    public string GateWhat => Action switch
    {
        UserAction.AddToAdmins => $"make {Username} an admin",
        UserAction.RemoveFromAdmins => $"remove {Username} from the admins",
        UserAction.Disable => $"disable {Username}",
        UserAction.Enable => $"enable {Username}",
        _ => $"sign {Username} out everywhere",
    };

    public Task<UserActionResult> RunAsync(UserAdministration users, PortalUser actor) => Action switch
    {
        UserAction.AddToAdmins => users.AddToAdminsAsync(actor, Username),
        UserAction.RemoveFromAdmins => users.RemoveFromAdminsAsync(actor, Username),
        UserAction.Disable => users.DisableAsync(actor, Username),
        UserAction.Enable => users.EnableAsync(actor, Username),
        UserAction.SignOutEverywhere => users.SignOutEverywhereAsync(actor, Username),
        _ => throw new ArgumentOutOfRangeException(nameof(Action), Action, "Create has its own dialog."),
    };
}
