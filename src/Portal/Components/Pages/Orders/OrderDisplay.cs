using System.Globalization;
using MudBlazor;
using Portal.Core.Orders;

namespace Portal.Components.Pages.Orders;

/// <summary>How the orders page shows times, money, sizes and states.</summary>
public static class OrderDisplay
{
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };

    public static Color JobColor(LoadJobState state) => state switch
    {
        LoadJobState.Completed => Color.Success,
        LoadJobState.Failed => Color.Error,
        LoadJobState.Running => Color.Info,
        _ => Color.Default,
    };
}
