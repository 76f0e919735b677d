using System.Reflection;
using Google.Api;
using Google.Protobuf.Reflection;

namespace SalesMesh.Gateway.Transcoding;

/// <summary>
/// Every REST binding the contracts declare, found at startup by walking the file descriptors
/// compiled into the contracts assembly (one <c>*Reflection.Descriptor</c> per .proto file) and
/// reading each method's <c>google.api.http</c> option. A new annotated RPC becomes a route with
/// no gateway code: rebuild, restart.
/// </summary>
public sealed partial class ContractCatalog
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^}]*\}")]
    private static partial System.Text.RegularExpressions.Regex ParameterNames();

    private ContractCatalog(IReadOnlyList<FileDescriptor> files, IReadOnlyList<HttpBinding> bindings, IReadOnlyList<string> problems)
    {
        Files = files;
        Bindings = bindings;
        Problems = problems;
    }

    /// <summary>Every .proto file of the contracts (with imports resolved by Google.Protobuf).</summary>
    public IReadOnlyList<FileDescriptor> Files { get; }

    public IReadOnlyList<HttpBinding> Bindings { get; }

    /// <summary>Annotations the gateway could not map (unsupported template, unknown field): logged at startup and failing the route-table test.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>All methods of all services, annotated or not (the route-table test compares against this).</summary>
    public IEnumerable<MethodDescriptor> AllMethods => Files.SelectMany(f => f.Services).SelectMany(s => s.Methods);

    /// <summary>
    /// The catalogue of the SalesMesh.Contracts assembly plus any assemblies named in
    /// <c>Gateway:ContractAssemblies</c> (contracts compiled elsewhere, e.g. a partner integration
    /// or a test service, are served the same way).
    /// </summary>
    public static ContractCatalog FromConfiguration(IConfiguration configuration, ServiceNames names)
    {
        var assemblies = new List<Assembly> { typeof(SalesMesh.Contracts.LeadRouting.V1.IntakeLeadRequest).Assembly };
        foreach (var name in configuration.GetSection("Gateway:ContractAssemblies").Get<string[]>() ?? [])
            assemblies.Add(Assembly.Load(name));
        return FromAssemblies(assemblies, names);
    }

    public static ContractCatalog FromAssemblies(IEnumerable<Assembly> assemblies, ServiceNames names)
    {
        var files = assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && t.IsAbstract && t.IsSealed && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .DistinctBy(f => f.Name)
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

        var bindings = new List<HttpBinding>();
        var problems = new List<string>();
        foreach (var method in files.SelectMany(f => f.Services).SelectMany(s => s.Methods))
        {
            var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
            if (rule is null)
                continue;
            if (method.IsClientStreaming)
            {
                problems.Add($"{method.FullName}: client-streaming methods cannot be mapped to REST.");
                continue;
            }
            foreach (var one in new[] { rule }.Concat(rule.AdditionalBindings))
            {
                try
                {
                    bindings.Add(Bind(method, one, names.Of(method.Service.File.Package)));
                }
                catch (FormatException ex)
                {
                    problems.Add($"{method.FullName}: {ex.Message}");
                }
            }
        }
        // Two rules on the same verb and path would make every request to it ambiguous (a 500).
        // The first (by file and method order) keeps the route; the others are reported.
        foreach (var clash in bindings.GroupBy(b => (b.Verb, Shape: ParameterNames().Replace(b.Template.RoutePattern, "{}"))).Where(g => g.Count() > 1).ToList())
        {
            problems.Add($"{clash.Key.Verb} {clash.First().Template.Template} is claimed by {string.Join(" and ", clash.Select(b => b.GrpcName))}; only the first is mapped.");
            foreach (var loser in clash.Skip(1))
                bindings.Remove(loser);
        }
        return new ContractCatalog(files, bindings, problems);
    }

    private static HttpBinding Bind(MethodDescriptor method, HttpRule rule, string serviceName)
    {
        var (verb, path) = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
            HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
            HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
            HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
            HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
            HttpRule.PatternOneofCase.Custom => (rule.Custom.Kind.ToUpperInvariant(), rule.Custom.Path),
            _ => throw new FormatException("the http rule has no pattern."),
        };
        var template = PathTemplate.Parse(path);
        foreach (var variable in template.Variables)
        {
            var field = FieldPaths.Resolve(method.InputType, variable.FieldPath)
                ?? throw new FormatException($"path variable '{variable.FieldPath}' is not a field of {method.InputType.Name}.");
            if (field.IsRepeated || field.FieldType == FieldType.Message && !FieldPaths.IsScalarLike(field.MessageType))
                throw new FormatException($"path variable '{variable.FieldPath}' must be a single scalar field.");
        }
        if (rule.Body is not ("" or "*") && method.InputType.FindFieldByName(rule.Body) is null)
            throw new FormatException($"body '{rule.Body}' is not a field of {method.InputType.Name}.");
        if (rule.ResponseBody.Length > 0 && method.OutputType.FindFieldByName(rule.ResponseBody) is null)
            throw new FormatException($"response_body '{rule.ResponseBody}' is not a field of {method.OutputType.Name}.");
        if (method.IsServerStreaming && verb != "GET")
            throw new FormatException("server-streaming methods are served as Server-Sent Events and must use GET.");
        return new HttpBinding(method, verb, template, rule.Body, rule.ResponseBody, serviceName);
    }
}
