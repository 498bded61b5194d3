using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Portal.Core.Identity;

/// <summary>OAuth client authentication with HTTP Basic (RFC 6749 §2.3.1).</summary>
public static class ClientSecretBasic
{
    /// <summary>Id and secret are form-urlencoded before Base64, so a ':' in either survives.</summary>
    public static AuthenticationHeaderValue Header(string clientId, string clientSecret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{WebUtility.UrlEncode(clientId)}:{WebUtility.UrlEncode(clientSecret)}")));
}
