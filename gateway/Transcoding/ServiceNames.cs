namespace SalesMesh.Gateway.Transcoding;

/// <summary>
/// Proto package → AppHost resource name, whose <c>services:{name}:grpc:0</c> address the call
/// goes to. <c>salesmesh.&lt;x&gt;.v1</c> maps to <c>&lt;x&gt;</c> unless a known name or the
/// configuration (<c>Gateway:ServiceNames:&lt;x&gt;</c>) says otherwise, so a new service needs
/// no gateway code when its package segment equals its resource name.
/// </summary>
public sealed class ServiceNames(IConfiguration configuration)
{
    // Resource names are kebab-case; package segments cannot contain '-'.
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["leadrouting"] = "lead-routing",
    };

    public string Of(string protoPackage)
    {
        var parts = protoPackage.Split('.');
        var segment = parts.Length >= 2 && parts[0] == "salesmesh" ? parts[1] : protoPackage;
        return configuration[$"Gateway:ServiceNames:{segment}"]
            ?? (Known.TryGetValue(segment, out var name) ? name : segment);
    }
}
