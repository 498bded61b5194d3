using System.Text.Json;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>axe-core (npm, tests/Portal.E2E/node_modules) run inside the page: the scan a page must pass is "no serious
/// or critical violation" of WCAG 2.x A/AA rules.</summary>
public static class Accessibility
{
    private static readonly Lazy<string> AxeSource = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path) ? File.ReadAllText(path)
            : throw new InvalidOperationException($"axe-core not found at {Path.GetFullPath(path)}: run tests/run (it runs npm ci in tests/Portal.E2E).");
    });

    /// <summary>The serious and critical violations on the page as it is now, one line each (rule: target, help).</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(this IPage page)
    {
        // Evaluated through the DevTools protocol, which the page's CSP does not govern (an injected <script> would be refused).
        await page.EvaluateAsync(AxeSource.Value);
        var json = await page.EvaluateAsync<string>(
            "async () => JSON.stringify((await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })).violations)");
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("id").GetString()}: {string.Join(", ", v.GetProperty("nodes").EnumerateArray().Take(3).Select(n => n.GetProperty("target")[0].ToString()))} ({v.GetProperty("help").GetString()})")
            .ToList();
    }

    /// <summary>Fails with the list when the page has a serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        var violations = await page.SeriousViolationsAsync();
        Assert.True(violations.Count == 0, $"axe-core on {page.Url}:\n" + string.Join("\n", violations));
    }
}
