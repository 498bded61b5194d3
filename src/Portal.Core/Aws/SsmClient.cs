using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Core.Aws;

/// <summary>A Parameter Store value; Version increases with every PutParameter.</summary>
public sealed record SsmParameter(string Name, string Value, string Type, long Version);

/// <summary>Signed SSM Parameter Store client (JSON 1.1, target prefix AmazonSSM).</summary>
public sealed class SsmClient
{
    private readonly AwsJsonClient _json;

    public SsmClient(HttpClient http, AwsClientOptions options)
    {
        _json = new AwsJsonClient(http, options, "ssm", "AmazonSSM");
    }

    /// <summary>Reads one parameter; a missing one raises <see cref="AwsServiceException"/> with code ParameterNotFound.</summary>
    public async Task<SsmParameter> GetParameterAsync(string name, bool withDecryption, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("Give the parameter name, e.g. '/portal/main/table-name'.", nameof(name));
        }

        var request = new JsonObject { ["Name"] = name, ["WithDecryption"] = withDecryption };
        var response = await _json.SendAsync("GetParameter", request, cancellationToken).ConfigureAwait(false);
        var parameter = response.GetProperty("Parameter");
        return new SsmParameter(
            parameter.GetProperty("Name").GetString() ?? name,
            parameter.GetProperty("Value").GetString() ?? string.Empty,
            parameter.TryGetProperty("Type", out var type) ? type.GetString() ?? "String" : "String",
            parameter.TryGetProperty("Version", out var version) && version.ValueKind == JsonValueKind.Number ? version.GetInt64() : 0);
    }
}
