namespace Portal.Components.Pages.Vpcs;

/// <summary>A create post that was refused: the endpoint hands it to the <see cref="VpcNew"/> page, which shows
/// the form again with the posted values and the messages, under the post's 422 status.</summary>
public sealed record VpcBuilderRejection(VpcPreview Preview, string? Notice)
{
    public static readonly object ItemKey = typeof(VpcBuilderRejection);
}
