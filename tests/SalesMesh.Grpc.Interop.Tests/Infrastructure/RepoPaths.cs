namespace SalesMesh.Grpc.Interop.Tests.Infrastructure;

/// <summary>Finds the repository checkout the tests run from (the node tools live in it).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodeDir => Path.Combine(Root, "tests", "SalesMesh.Grpc.Interop.Tests", "node");

    public static string Protos => Path.Combine(Root, "protos");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")) && Directory.Exists(Path.Combine(dir.FullName, "protos")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Repository root not found above {AppContext.BaseDirectory}.");
    }
}
