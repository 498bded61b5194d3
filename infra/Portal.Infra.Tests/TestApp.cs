using Amazon.CDK;

namespace Portal.Infra.Tests;

/// <summary>A CDK app for a test. CDK writes every app's cloud assembly to a new temp folder unless told
/// where, and never removes it; these go under one folder per test run that is removed when the run ends.</summary>
public static class TestApp
{
    private static readonly string Root = CreateRoot();

    public static App Create(Dictionary<string, object> context) =>
        new(new AppProps { Context = context, Outdir = Path.Combine(Root, Guid.NewGuid().ToString("N")) });

    private static string CreateRoot()
    {
        var root = Directory.CreateTempSubdirectory("portal-cdk-tests-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the OS's temp clean-up takes what is left.
            }
        };
        return root;
    }
}
