using System.Globalization;

namespace Portal.Components.Pages.Orders;

/// <summary>How the orders pages show a time: UTC, to the second.</summary>
public static class OrderTime
{
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
