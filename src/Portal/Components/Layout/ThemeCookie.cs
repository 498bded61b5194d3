namespace Portal.Components.Layout;

/// <summary>The user's theme (light, dark or system) lives in a cookie, so the server renders the first paint in it;
/// wwwroot/js/theme.js writes it when the user picks another.</summary>
public static class ThemeCookie
{
    public const string Name = "portal-theme";
    public const string Light = "light", Dark = "dark", System = "system";

    public static string Read(HttpContext context) =>
        context.Request.Cookies[Name] is Light or Dark ? context.Request.Cookies[Name]! : System;
}
