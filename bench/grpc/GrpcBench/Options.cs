namespace SalesMesh.Bench;

/// <summary>Reads `--name value` pairs from the command line.</summary>
internal static class Options
{
    public static string Get(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
