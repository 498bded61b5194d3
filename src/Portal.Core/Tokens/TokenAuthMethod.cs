namespace Portal.Core.Tokens;

/// <summary>How the client authenticates at the token endpoint (RFC 6749 section 2.3.1).</summary>
public enum TokenAuthMethod
{
    /// <summary>HTTP Basic: <c>Authorization: Basic base64(urlencode(id):urlencode(secret))</c>. Cognito's default.</summary>
    ClientSecretBasic,

    /// <summary><c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    ClientSecretPost,
}

public static class TokenAuthMethodNames
{
    public const string ClientSecretBasic = "client_secret_basic";
    public const string ClientSecretPost = "client_secret_post";

    /// <summary>Reads the OAuth registration names (as used in OIDC discovery), case-insensitively.</summary>
    public static bool TryParse(string? name, out TokenAuthMethod method)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case ClientSecretBasic:
                method = TokenAuthMethod.ClientSecretBasic;
                return true;
            case ClientSecretPost:
                method = TokenAuthMethod.ClientSecretPost;
                return true;
            default:
                method = default;
                return false;
        }
    }
}
