namespace Portal.Core.Vpcs.Sandbox;

/// <summary>
/// EC2 Describe* filter semantics: filters are AND-ed, the values of one filter OR-ed; <c>tag:&lt;key&gt;</c> and
/// <c>tag-key</c> work on every resource; other names are per resource, and an unknown name is refused as EC2 does.
/// </summary>
internal static class SandboxFilters
{
    public static IReadOnlyList<T> Apply<T>(
        IEnumerable<T> resources,
        IReadOnlyList<Ec2Filter> filters,
        Func<T, IReadOnlyList<Ec2Tag>> tags,
        IReadOnlyDictionary<string, Func<T, IEnumerable<string?>>> fields)
    {
        foreach (var filter in filters)
        {
            if (!filter.Name.StartsWith("tag:", StringComparison.Ordinal) && filter.Name != "tag-key" && !fields.ContainsKey(filter.Name))
                throw Ec2Errors.Error("InvalidParameterValue", $"The filter '{filter.Name}' is invalid");
        }

        return resources.Where(resource => filters.All(filter => Values(resource, filter.Name, tags, fields).Any(filter.Values.Contains))).ToList();
    }

    private static IEnumerable<string?> Values<T>(
        T resource, string name, Func<T, IReadOnlyList<Ec2Tag>> tags, IReadOnlyDictionary<string, Func<T, IEnumerable<string?>>> fields)
    {
        if (name.StartsWith("tag:", StringComparison.Ordinal))
            return tags(resource).Where(tag => tag.Key == name[4..]).Select(tag => (string?)tag.Value);
        if (name == "tag-key")
            return tags(resource).Select(tag => (string?)tag.Key);
        return fields[name](resource);
    }
}
