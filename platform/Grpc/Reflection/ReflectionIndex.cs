using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Grpc.AspNetCore.Server.Reflection;

/// <summary>
/// What reflection can answer: the described services and every file they depend on
/// (transitively), indexed by file name, by fully-qualified symbol and by extension.
/// Immutable once built.
/// </summary>
internal sealed class ReflectionIndex
{
    private readonly Dictionary<string, FileDescriptor> _filesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDescriptor> _filesBySymbol = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Extendee, int Number), FileDescriptor> _filesByExtension = [];

    public ReflectionIndex(IEnumerable<ServiceDescriptor> services)
    {
        var distinct = services.DistinctBy(s => s.FullName).ToList();
        ServiceNames = distinct.Select(s => s.FullName).Order(StringComparer.Ordinal).ToArray();
        foreach (var service in distinct)
        {
            AddFile(service.File);
        }
    }

    /// <summary>Fully-qualified names of the described services, sorted.</summary>
    public IReadOnlyList<string> ServiceNames { get; }

    /// <summary>The file and its transitive dependencies (file first), or null when unknown.</summary>
    public IReadOnlyList<ByteString>? FileByName(string name) =>
        _filesByName.TryGetValue(name, out var file) ? WithDependencies(file) : null;

    /// <summary>The file defining a service, method, message, field, enum, enum value or extension.</summary>
    public IReadOnlyList<ByteString>? FileContainingSymbol(string symbol) =>
        _filesBySymbol.TryGetValue(symbol, out var file) ? WithDependencies(file) : null;

    /// <summary>The file declaring extension <paramref name="number"/> of <paramref name="extendee"/>.</summary>
    public IReadOnlyList<ByteString>? FileContainingExtension(string extendee, int number) =>
        _filesByExtension.TryGetValue((extendee, number), out var file) ? WithDependencies(file) : null;

    /// <summary>Extension numbers known for a message type, or null when the type is unknown.</summary>
    public IReadOnlyList<int>? ExtensionNumbersOf(string messageType)
    {
        if (!_filesBySymbol.ContainsKey(messageType))
        {
            return null;
        }

        return _filesByExtension.Keys.Where(k => k.Extendee == messageType).Select(k => k.Number).Order().ToArray();
    }

    private void AddFile(FileDescriptor file)
    {
        if (!_filesByName.TryAdd(file.Name, file))
        {
            return;
        }

        foreach (var dependency in file.Dependencies)
        {
            AddFile(dependency);
        }

        foreach (var service in file.Services)
        {
            AddSymbol(service.FullName, file);
            foreach (var method in service.Methods)
            {
                AddSymbol(method.FullName, file);
            }
        }

        foreach (var message in file.MessageTypes)
        {
            AddMessage(message, file);
        }

        foreach (var enumType in file.EnumTypes)
        {
            AddEnum(enumType, file);
        }

        foreach (var extension in file.Extensions.UnorderedExtensions)
        {
            AddExtension(extension, file);
        }
    }

    private void AddMessage(MessageDescriptor message, FileDescriptor file)
    {
        AddSymbol(message.FullName, file);
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            AddSymbol(field.FullName, file);
        }

        foreach (var oneof in message.Oneofs)
        {
            AddSymbol(oneof.FullName, file);
        }

        foreach (var nested in message.NestedTypes)
        {
            AddMessage(nested, file);
        }

        foreach (var nestedEnum in message.EnumTypes)
        {
            AddEnum(nestedEnum, file);
        }

        foreach (var extension in message.Extensions.UnorderedExtensions)
        {
            AddExtension(extension, file);
        }
    }

    private void AddEnum(EnumDescriptor enumType, FileDescriptor file)
    {
        AddSymbol(enumType.FullName, file);
        // Protobuf scoping: enum values are siblings of their enum, not children.
        var scope = enumType.FullName[..Math.Max(0, enumType.FullName.LastIndexOf('.'))];
        foreach (var value in enumType.Values)
        {
            AddSymbol(scope.Length == 0 ? value.Name : $"{scope}.{value.Name}", file);
        }
    }

    private void AddExtension(FieldDescriptor extension, FileDescriptor file)
    {
        AddSymbol(extension.FullName, file);
        _filesByExtension.TryAdd((extension.ExtendeeType.FullName, extension.FieldNumber), file);
    }

    private void AddSymbol(string symbol, FileDescriptor file) => _filesBySymbol.TryAdd(symbol, file);

    private static List<ByteString> WithDependencies(FileDescriptor root)
    {
        // Clients build a descriptor pool from the answer, so it must be self-contained.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ByteString>();
        var pending = new Queue<FileDescriptor>([root]);
        while (pending.TryDequeue(out var file))
        {
            if (!seen.Add(file.Name))
            {
                continue;
            }

            result.Add(file.SerializedData);
            foreach (var dependency in file.Dependencies)
            {
                pending.Enqueue(dependency);
            }
        }

        return result;
    }
}
