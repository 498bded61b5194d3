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
            // Darker than MudBlazor's defaults so white text on chips and the active nav link pass WCAG AA (4.5:1).
            Primary = "#0b63c5",
            Secondary = "#5f6b7a",
            Success = "#037f0c",
            Warning = "#b35c00",
            Error = "#d91515",
            Info = "#0972d3",
            AppbarBackground = "#0f1b2a",
            AppbarText = "#ffffff",
            Background = "#f4f5f7",
            DrawerBackground = "#ffffff",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#539fe5",
            PrimaryContrastText = "#0f1b2a", // white on this light blue would not pass AA
            Secondary = "#9ba7b6",
            // Lighter tones with dark text in the dark theme: filled chips and outlined text both pass AA on dark surfaces.
            Success = "#5fbf62",
            SuccessContrastText = "#0f1b2a",
            Warning = "#e8a33d",
            WarningContrastText = "#0f1b2a",
            Error = "#ff8f8f", // text on its own 12-20% tint (alerts) needs 4.5:1 too
            ErrorContrastText = "#0f1b2a",
            Info = "#72b3f2",
            InfoContrastText = "#0f1b2a",
            AppbarBackground = "#0f1b2a",
            Background = "#161d26",
            Surface = "#1f2833",
            DrawerBackground = "#1a222c",
        },
        Typography = new Typography { Default = new DefaultTypography { FontFamily = SystemFonts } },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
