namespace Portal.Auth;

/// <summary>Marks a POST/PUT/PATCH/DELETE endpoint that is deliberately open to more than admins
/// (sign-out, or machine APIs with their own scope checks). Every other mutating endpoint needs
/// the admin policy: <see cref="MutationGuard"/> refuses it otherwise, so a forgotten
/// RequireAuthorization fails closed.</summary>
public sealed record MutationPolicy(string Why)
{
    public static readonly MutationPolicy AnySignedInUser = new("any signed-in user may do this to themselves");
}
