namespace Portal.Core.Tests.Users;

/// <summary>The Users tests share the stack's one user pool and its admin group (the last-admin guard counts it), so
/// they run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class UserPoolCollection
{
    public const string Name = "user pool";
}
