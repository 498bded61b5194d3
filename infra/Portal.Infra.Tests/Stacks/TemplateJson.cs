using System.Text.Json;
using Amazon.CDK.Assertions;

namespace Portal.Infra.Tests.Stacks;

/// <summary>Reads a synthesized template as plain JSON, for checks Match cannot express (every statement, token parts).</summary>
public static class TemplateJson
{
    public static JsonElement Of(Template template) =>
        JsonSerializer.SerializeToElement(template.ToJSON());

    public static IEnumerable<(string LogicalId, JsonElement Properties)> ResourcesOfType(Template template, string type)
    {
        foreach (var resource in Of(template).GetProperty("Resources").EnumerateObject())
        {
            if (resource.Value.GetProperty("Type").GetString() == type)
            {
                yield return (resource.Name, resource.Value.GetProperty("Properties"));
            }
        }
    }

    /// <summary>A value that may be a single item or an array, as a list.</summary>
    public static IReadOnlyList<JsonElement> Items(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
}
