using System.Text;
using System.Text.RegularExpressions;

namespace SalesMesh.Gateway.Transcoding;

/// <summary>
/// A google.api.http path template turned into an ASP.NET Core route pattern. Supported forms:
/// literals, <c>{field.path}</c> / <c>{field=*}</c> (one segment), <c>{field=**}</c> (the rest of
/// the path, last segment only) and a trailing custom verb (<c>/leads/{id}:claim</c>). Route
/// parameters are named p0, p1, … because field paths contain dots, which route names cannot.
/// </summary>
public sealed partial class PathTemplate
{
    private PathTemplate(string template, string routePattern, IReadOnlyList<PathVariable> variables)
    {
        Template = template;
        RoutePattern = routePattern;
        Variables = variables;
    }

    /// <summary>The template as written in the proto.</summary>
    public string Template { get; }

    /// <summary>ASP.NET Core route pattern, e.g. <c>/api/v1/leads/{p0}</c>.</summary>
    public string RoutePattern { get; }

    /// <summary>Route parameter → request field path (proto names, dotted).</summary>
    public IReadOnlyList<PathVariable> Variables { get; }

    /// <summary>Parses <paramref name="template"/>; throws <see cref="FormatException"/> naming what is not supported.</summary>
    public static PathTemplate Parse(string template)
    {
        if (!template.StartsWith('/'))
            throw new FormatException($"Path template '{template}' must start with '/'.");
        var pattern = new StringBuilder();
        var variables = new List<PathVariable>();
        var position = 0;
        foreach (Match match in VariablePattern().Matches(template))
        {
            pattern.Append(Literal(template[position..match.Index], template));
            var field = match.Groups["field"].Value;
            var segments = match.Groups["segments"].Success ? match.Groups["segments"].Value : "*";
            var name = $"p{variables.Count}";
            switch (segments)
            {
                case "*":
                    pattern.Append('{').Append(name).Append('}');
                    break;
                case "**" when match.Index + match.Length == template.Length:
                    pattern.Append("{**").Append(name).Append('}');
                    break;
                default:
                    throw new FormatException($"Path template '{template}': variable pattern '{segments}' is not supported (use {{field}}, {{field=*}} or a final {{field=**}}).");
            }
            variables.Add(new PathVariable(name, field));
            position = match.Index + match.Length;
        }
        pattern.Append(Literal(template[position..], template));
        return new PathTemplate(template, pattern.ToString(), variables);
    }

    private static string Literal(string text, string template)
    {
        if (text.Contains('{') || text.Contains('}') || text.Contains('*'))
            throw new FormatException($"Path template '{template}' has a malformed variable or wildcard near '{text}'.");
        return text;
    }

    [GeneratedRegex(@"\{(?<field>[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)*)(=(?<segments>[^}]*))?\}")]
    private static partial Regex VariablePattern();
}

/// <param name="RouteName">The route value name (p0, p1, …).</param>
/// <param name="FieldPath">The request field it fills, proto names, e.g. <c>lead_id.value</c>.</param>
public sealed record PathVariable(string RouteName, string FieldPath);
