using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Auth;

/// <summary>Sits in the portal's OIDC back-channel (code exchange and refresh): lets a test see or change the form the
/// portal posts to the token endpoint and the id_token that comes back. Other calls pass untouched.</summary>
public sealed class TokenEndpointTap : DelegatingHandler
{
    private TokenEndpointTap() => InnerHandler = new HttpClientHandler();

    public Action<Dictionary<string, string>>? Request { get; set; }

    public Func<string, string>? IdToken { get; set; }

    /// <summary>The last token endpoint answer, as the portal received it.</summary>
    public JsonObject? LastAnswer { get; private set; }

    public static TokenEndpointTap Install(IServiceCollection services)
    {
        var tap = new TokenEndpointTap();
        services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o => o.BackchannelHttpHandler = tap);
        return tap;
    }

    public void Reset() => (Request, IdToken) = (null, null);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.RequestUri!.AbsolutePath.EndsWith("/oauth2/token", StringComparison.Ordinal))
            return await base.SendAsync(request, cancellationToken);

        if (Request is not null)
        {
            var form = QueryHelpers.ParseQuery(await request.Content!.ReadAsStringAsync(cancellationToken)).ToDictionary(p => p.Key, p => p.Value.ToString());
            Request(form);
            request.Content = new FormUrlEncodedContent(form);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return response;
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        if (IdToken is not null)
            answer["id_token"] = IdToken(answer["id_token"]!.GetValue<string>());
        LastAnswer = answer;
        response.Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/json");
        return response;
    }
}
