namespace Portal.Infra.Settings;

/// <summary>
/// Where the portal's container image comes from: a registry reference with an explicit tag
/// (`-c image=...:tag` or `-c image=... -c tag=...`) or a folder with a Dockerfile that the
/// CDK builds and pushes (`-c containerAssetPath=...`). Exactly one of the two.
/// </summary>
public sealed record ContainerImageSource(string? ImageReference, string? AssetPath)
{
    public static ContainerImageSource FromRegistry(string imageReference) => new(imageReference, null);

    public static ContainerImageSource FromAssetFolder(string assetPath) => new(null, assetPath);

    public static ContainerImageSource Parse(string? image, string? tag, string? assetPath)
    {
        var hasImage = !string.IsNullOrWhiteSpace(image);
        var hasAsset = !string.IsNullOrWhiteSpace(assetPath);
        if (hasImage == hasAsset)
        {
            throw new ArgumentException(
                "Say where the portal image comes from with exactly one of `-c image=<repository>:<tag>` " +
                "(or `-c image=<repository> -c tag=<tag>`) and `-c containerAssetPath=<folder with a Dockerfile>`.");
        }

        if (hasAsset)
        {
            return FromAssetFolder(assetPath!);
        }

        // The tag is whatever follows the last ':' after the last '/', so registry ports are not tags.
        var reference = image!.Trim();
        var lastSegment = reference[(reference.LastIndexOf('/') + 1)..];
        var imageHasTag = lastSegment.Contains(':') || lastSegment.Contains('@');
        if (imageHasTag && !string.IsNullOrWhiteSpace(tag))
        {
            throw new ArgumentException(
                $"The image '{reference}' already has a tag; drop `-c tag={tag}` or the tag in the image.");
        }

        if (!imageHasTag && string.IsNullOrWhiteSpace(tag))
        {
            throw new ArgumentException(
                $"The image '{reference}' has no tag: pass `-c tag=<tag>` (a release tag, not `latest`, so deploys are repeatable).");
        }

        return FromRegistry(imageHasTag ? reference : $"{reference}:{tag!.Trim()}");
    }
}
