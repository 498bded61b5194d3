using System.Globalization;
using Microsoft.Extensions.Options;
using Portal.Core.Identity;

namespace Portal.Core.Sessions;

/// <summary>The absolute cap on a session (<c>Portal:Auth:MaxSessionLifetime</c>). The session's properties keep its
/// sign-in time, which sliding renewal does not move (unlike the cookie's IssuedUtc).</summary>
public sealed class SessionLifetime(IOptions<CognitoOptions> options, TimeProvider time)
{
    public const string SignedInItem = "portal.signed_in";

    public void Start(IDictionary<string, string?> properties) =>
        properties[SignedInItem] = time.GetUtcNow().ToString("o", CultureInfo.InvariantCulture);

    /// <summary>Past the cap, or without a sign-in time (a session from before the cap): the session must end.</summary>
    public bool IsOver(IDictionary<string, string?> properties) =>
        !properties.TryGetValue(SignedInItem, out var signedIn)
        || !DateTimeOffset.TryParse(signedIn, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
        || time.GetUtcNow() - at > options.Value.MaxSessionLifetime;
}
