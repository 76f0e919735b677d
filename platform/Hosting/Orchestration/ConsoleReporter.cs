using System.Text;
using SalesMesh.Hosting.Processes;

namespace Aspire.Hosting.Orchestration;

/// <summary>
/// Every child's output line prefixed with its resource name, one colour per resource, plus
/// the AppHost's own status lines. Writes are serialised so lines never interleave.
/// </summary>
internal sealed class ConsoleReporter(bool enabled)
{
    private static readonly string[] Palette = ["36", "32", "33", "35", "34", "96", "92", "93", "95", "94", "37"];
    private readonly Dictionary<string, string> _colours = [];
    private readonly object _gate = new();
    private readonly bool _colour = enabled && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public void Output(OutputLine line) => Write(line.Resource, line.Text, line.IsError);

    // Seconds since the AppHost started on its own lines: start-up phases are readable from the log.
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public void Status(string resource, string text) => Write("apphost", $"+{_clock.Elapsed.TotalSeconds:0.0}s {resource}: {text}", false);

    public void Problem(string resource, string text) => Write("apphost", $"+{_clock.Elapsed.TotalSeconds:0.0}s {resource}: {text}", true);

    public void Info(string text) => Write("apphost", $"+{_clock.Elapsed.TotalSeconds:0.0}s {text}", false);

    public void Raw(string text)
    {
        if (!enabled)
        {
            return;
        }
        lock (_gate)
        {
            Console.Out.WriteLine(text);
        }
    }

    private void Write(string resource, string text, bool isError)
    {
        if (!enabled)
        {
            return;
        }
        lock (_gate)
        {
            var prefix = $"[{resource}]";
            if (_colour)
            {
                if (!_colours.TryGetValue(resource, out var colour))
                {
                    colour = resource == "apphost" ? "1" : Palette[_colours.Count % Palette.Length];
                    _colours[resource] = colour;
                }
                prefix = $"\u001b[{colour}m{prefix}\u001b[0m";
                if (isError && resource == "apphost")
                {
                    text = $"\u001b[31m{text}\u001b[0m";
                }
            }
            Console.Out.WriteLine($"{prefix} {text}");
        }
    }

    /// <summary>The one table printed when everything is ready.</summary>
    public static string Table(IReadOnlyList<ResourceSnapshot> snapshots)
    {
        string[] header = ["RESOURCE", "TYPE", "STATE", "HEALTH", "PID", "ENDPOINTS"];
        var rows = snapshots.Select(s => new[]
        {
            s.Name, s.Type, s.State.ToString(), s.Health.ToString(), s.Pid?.ToString() ?? "-",
            s.Endpoints.Count == 0 ? "-" : string.Join(" ", s.Endpoints.Select(e => $"{e.Key}={e.Value}")),
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(string[] cells) => text.AppendLine(string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
        Line(header);
        foreach (var row in rows)
        {
            Line(row);
        }
        return text.ToString();
    }
}
