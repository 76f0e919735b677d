using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using MassTransit;

namespace SalesMesh.ServiceDefaults.Messaging;

/// <summary>
/// Maps event types to their stable wire names (<c>[MessageUrn]</c>) and back. Events are
/// never identified by CLR name: a type without <c>[MessageUrn]</c> is refused.
/// </summary>
public sealed class EventContracts
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly ConcurrentDictionary<Type, string> NamesByType = new();
    private readonly ConcurrentDictionary<string, Type> _typesByName = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<Assembly> _assemblies;
    private int _scanned;

    public EventContracts(IEnumerable<Assembly> assemblies) => _assemblies = assemblies.Distinct().ToList();

    /// <summary>The wire name of <paramref name="eventType"/>, e.g. <c>urn:message:salesmesh.leadrouting.v1.lead-received</c>.</summary>
    public static string NameOf(Type eventType) => NamesByType.GetOrAdd(eventType, static type =>
    {
        var urn = type.GetCustomAttribute<MessageUrnAttribute>(inherit: false)
            ?? throw new ArgumentException(
                $"Event type {type.FullName} has no [MessageUrn]. Event contracts need an explicit, versioned name " +
                "(e.g. [MessageUrn(\"salesmesh.leadrouting.v1.lead-received\")] and the same [EntityName]); see protos/Events/README.md.",
                nameof(eventType));
        return urn.Urn.ToString();
    });

    /// <summary>Resolves a stored wire name to its type, or null when no known assembly defines it.</summary>
    public Type? Resolve(string name)
    {
        if (_typesByName.TryGetValue(name, out var type))
            return type;
        if (Interlocked.Exchange(ref _scanned, 1) == 0)
        {
            foreach (var assembly in _assemblies)
                Register(assembly);
        }
        else
        {
            // Late-loaded contract assemblies: one more look across the process before giving up.
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic))
                Register(assembly);
        }
        return _typesByName.GetValueOrDefault(name);
    }

    internal void Register(Type type) => _typesByName.TryAdd(NameOf(type), type);

    private void Register(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types.Where(t => t is not null).ToArray()!;
        }
        foreach (var type in types)
        {
            if (type.IsClass && !type.IsAbstract && type.IsDefined(typeof(MessageUrnAttribute), inherit: false))
                Register(type);
        }
    }
}
