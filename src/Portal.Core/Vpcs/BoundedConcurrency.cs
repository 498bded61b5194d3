namespace Portal.Core.Vpcs;

/// <summary>Runs one task per item with at most <c>limit</c> at a time, to stay inside EC2's budget for mutating calls.</summary>
internal static class BoundedConcurrency
{
    /// <summary>After the first failure no new item starts; items already running finish; the first failure is rethrown.</summary>
    public static async Task RunAsync<T>(IEnumerable<T> items, int limit, Func<T, Task> body, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(limit, limit);
        var failed = 0;
        var tasks = items.Select(async item =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                if (Volatile.Read(ref failed) == 0)
                    await body(item);
            }
            catch
            {
                Interlocked.Exchange(ref failed, 1);
                throw;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks);
    }
}
