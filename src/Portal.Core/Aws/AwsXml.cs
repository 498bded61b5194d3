using System.Xml.Linq;

namespace Portal.Core.Aws;

/// <summary>
/// Namespace-agnostic reading of AWS XML answers: EC2 and SNS change their xmlns with every API
/// version, so elements are matched by local name only.
/// </summary>
public static class AwsXml
{
    public static XElement? Child(this XElement element, string localName) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static string? ChildValue(this XElement element, string localName) => element.Child(localName)?.Value;

    public static string RequiredValue(this XElement element, string localName) =>
        element.ChildValue(localName)
        ?? throw new FormatException($"AWS answer <{element.Name.LocalName}> has no <{localName}> element.");

    /// <summary>The <c>&lt;item&gt;</c> children of an EC2 list such as <c>&lt;vpcSet&gt;</c>; empty when the list is absent.</summary>
    public static IEnumerable<XElement> Items(this XElement element, string listName) =>
        element.Child(listName)?.Elements().Where(e => e.Name.LocalName == "item") ?? [];

    public static XElement RequiredChild(this XElement element, string localName) =>
        element.Child(localName)
        ?? throw new FormatException($"AWS answer <{element.Name.LocalName}> has no <{localName}> element.");
}
