using MudBlazor;

namespace Portal.Components.Layout;

/// <summary>The portal's MudBlazor theme: system fonts (nothing is fetched from the internet), AWS-console-like
/// neutral surfaces, and a dark palette with the same accents.</summary>
public static class PortalTheme
{
    private static readonly string[] SystemFonts =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Noto Sans", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0972d3",
            Secondary = "#5f6b7a",
            Error = "#c62828", // MudBlazor's #f44336 is 3.7:1 on white: error texts beside fields must be AA
            Success = "#2e7d32", // and #00c853 is 2:1 (success snackbars and alerts)
            AppbarBackground = "#0f1b2a",
            AppbarText = "#ffffff",
            Background = "#f4f5f7",
            DrawerBackground = "#ffffff",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#539fe5",
            PrimaryContrastText = "#0f1b2a", // white on this light blue is 2.8:1; dark text is AA
            Secondary = "#9ba7b6",
            AppbarBackground = "#0f1b2a",
            Background = "#161d26",
            Surface = "#1f2833",
            DrawerBackground = "#1a222c",
        },
        Typography = new Typography { Default = new DefaultTypography { FontFamily = SystemFonts } },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
