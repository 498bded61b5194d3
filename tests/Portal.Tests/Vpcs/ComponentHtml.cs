using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Portal.Tests.Vpcs;

/// <summary>Renders a component to HTML with the framework's own <see cref="HtmlRenderer"/> and parses it
/// with AngleSharp, so tests query the markup a browser would get.</summary>
public static class ComponentHtml
{
    public const string AntiforgeryValue = "test-antiforgery-token";

    private static readonly HtmlParser Parser = new();

    public static async Task<IDocument> RenderAsync<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        var services = new ServiceCollection()
            .AddSingleton<AntiforgeryStateProvider, FixedAntiforgery>()
            .BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        return await Parser.ParseDocumentAsync(html);
    }

    private sealed class FixedAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken GetAntiforgeryToken() => new(AntiforgeryValue, "__RequestVerificationToken");
    }
}
