using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Portal.Core.Identity;
using Portal.Core.Sessions;

namespace Portal.Auth;

/// <summary>The cookie handler's session store: the ticket (refresh token included) lives in DynamoDB, encrypted with
/// Data Protection; the cookie carries only its random key. Sign-out deletes it, so a copied cookie stops working.</summary>
public sealed class DynamoTicketStore(SessionStore sessions, IDataProtectionProvider protection, RefreshTokenRevoker revoker) : ITicketStore
{
    /// <summary>Names the session on the user it returns, so a Blazor circuit can re-read its session later.</summary>
    public const string SessionKeyClaim = "portal:session";

    private readonly IDataProtector _protector = protection.CreateProtector("Portal.Auth.SessionTicket");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        await RenewAsync(key, ticket);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) =>
        sessions.PutAsync(key, _protector.Protect(TicketSerializer.Default.Serialize(ticket)), ticket.Properties.ExpiresUtc ?? DateTimeOffset.MaxValue,
            ticket.Principal.Identity?.Name);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        try
        {
            var ticket = await sessions.GetAsync(key) is { } data ? TicketSerializer.Default.Deserialize(_protector.Unprotect(data)) : null;
            if (ticket?.Principal.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == SessionKeyClaim))
                identity.AddClaim(new Claim(SessionKeyClaim, key));
            return ticket;
        }
        catch (CryptographicException)
        {
            return null; // written under keys this portal no longer has: as good as signed out
        }
    }

    /// <summary>A session that ends here (sign-out, its absolute lifetime, a failed refresh) takes its refresh token along.</summary>
    public async Task RemoveAsync(string key)
    {
        var refreshToken = (await RetrieveAsync(key))?.Properties.GetTokenValue("refresh_token");
        await sessions.RemoveAsync(key);
        await revoker.RevokeAsync(refreshToken);
    }
}
