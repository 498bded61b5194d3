using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Core.Records;

/// <summary>The JSON shape of a record on the API, in exports and on the detail page: camelCase, enums as names.</summary>
public static class VpcRecordJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
