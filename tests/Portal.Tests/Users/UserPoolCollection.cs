namespace Portal.Tests.Users;

/// <summary>The classes that promote, disable or strip admins in the stack's one user pool run one at a time: the
/// last-admin guard counts the whole admin group, and a promotion racing it would let the demo admin leave the group.</summary>
[CollectionDefinition(Name)]
public sealed class UserPoolCollection
{
    public const string Name = "user pool";
}
