using Microsoft.AspNetCore.Components.Forms;

namespace Portal.Components.Pages.Orders;

/// <summary>Receives a file from the browser into a temporary file on the server, saying how much has arrived. S3 then
/// reads a seekable stream of known length (the SDK streams it without buffering, so memory stays flat whatever the size),
/// and a transfer that breaks off leaves nothing behind: the temporary file goes when the stream is closed.</summary>
public static class BrowserFileSpool
{
    private const int BufferSize = 80 * 1024;

    public static async Task<FileStream> ReceiveAsync(IBrowserFile file, long maxBytes, Func<long, Task> received, CancellationToken cancellationToken)
    {
        var spool = new FileStream(Path.Combine(Path.GetTempPath(), "portal-upload-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await using var source = file.OpenReadStream(maxBytes, cancellationToken);
            var buffer = new byte[BufferSize];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                total += read;
                await received(total);
            }

            await spool.FlushAsync(cancellationToken);
            spool.Position = 0;
            return spool;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }
}
