using Amazon.CDK;
using Portal.Infra;
using Portal.Infra.Settings;

// Run by `cdk synth/deploy` (see infra/cdk.json), which passes context through CDK_CONTEXT_JSON,
// or directly with `dotnet run -- -c env=main ...`, which writes the cloud assembly to cdk.out.
try
{
    var app = new App(new AppProps
    {
        Context = CommandLineContext.Parse(args),
        // The cdk CLI names the output folder; run directly, write where the CLI would.
        Outdir = System.Environment.GetEnvironmentVariable("CDK_OUTDIR") ?? "cdk.out",
    });
    PortalApp.Build(app);
    app.Synth();
    return 0;
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"Portal.Infra: {error.Message}");
    return 2;
}
