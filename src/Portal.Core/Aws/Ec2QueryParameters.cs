using System.Globalization;

namespace Portal.Core.Aws;

/// <summary>Builds EC2 Query parameters, including the numbered TagSpecification.N and Filter.N lists.</summary>
internal sealed class Ec2QueryParameters : List<KeyValuePair<string, string>>
{
    public Ec2QueryParameters With(string name, string value)
    {
        Add(new(name, value));
        return this;
    }

    public Ec2QueryParameters With(string name, bool value) => With(name, value ? "true" : "false");

    /// <summary>TagSpecification.1.ResourceType=vpc, TagSpecification.1.Tag.N.Key/Value: tags are set atomically at creation.</summary>
    public Ec2QueryParameters WithTags(string resourceType, IReadOnlyList<Ec2Tag> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.Count == 0)
        {
            return this;
        }

        if (tags.Count > 50)
        {
            throw new ArgumentException($"EC2 allows at most 50 tags per resource; {tags.Count} were given.", nameof(tags));
        }

        With("TagSpecification.1.ResourceType", resourceType);
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            ValidateTag(tag);
            var n = Number(i);
            With($"TagSpecification.1.Tag.{n}.Key", tag.Key);
            With($"TagSpecification.1.Tag.{n}.Value", tag.Value);
        }

        return this;
    }

    public Ec2QueryParameters WithFilters(IReadOnlyList<Ec2Filter> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        for (var i = 0; i < filters.Count; i++)
        {
            var filter = filters[i];
            if (string.IsNullOrWhiteSpace(filter.Name) || filter.Values.Count == 0)
            {
                throw new ArgumentException(
                    $"Filter {i + 1} needs a name (e.g. 'vpc-id') and at least one value.", nameof(filters));
            }

            var n = Number(i);
            With($"Filter.{n}.Name", filter.Name);
            for (var j = 0; j < filter.Values.Count; j++)
            {
                With($"Filter.{n}.Value.{Number(j)}", filter.Values[j]);
            }
        }

        return this;
    }

    private static void ValidateTag(Ec2Tag tag)
    {
        if (string.IsNullOrWhiteSpace(tag.Key) || tag.Key.Length > 128)
        {
            throw new ArgumentException($"Tag key '{tag.Key}' must be 1 to 128 characters.");
        }

        if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Tag key '{tag.Key}' uses the reserved 'aws:' prefix; choose another key.");
        }

        if (tag.Value is null || tag.Value.Length > 256)
        {
            throw new ArgumentException($"Tag '{tag.Key}' needs a value of at most 256 characters.");
        }
    }

    // EC2 lists are 1-based.
    private static string Number(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);
}
