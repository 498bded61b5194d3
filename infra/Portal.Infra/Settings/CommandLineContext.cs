namespace Portal.Infra.Settings;

/// <summary>
/// Lets `dotnet run --project infra/Portal.Infra -- -c env=main -c certificateArn=...` synthesize
/// without the cdk CLI, using the same `-c key=value` syntax the CLI takes.
/// </summary>
public static class CommandLineContext
{
    public static Dictionary<string, object> Parse(IReadOnlyList<string> args)
    {
        var context = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is not ("-c" or "--context"))
            {
                throw new ArgumentException($"Unknown argument '{args[i]}': pass context as `-c key=value`.");
            }

            var pair = i + 1 < args.Count ? args[++i] : string.Empty;
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"Context '{pair}' is not `key=value`.");
            }

            context[pair[..equals]] = pair[(equals + 1)..];
        }

        return context;
    }
}
