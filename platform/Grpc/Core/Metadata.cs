using System.Collections;
using System.Text;

namespace Grpc.Core;

/// <summary>
/// Ordered key/value pairs sent as HTTP/2 headers or trailers. Keys are lower-case; keys ending in
/// "-bin" carry bytes (base64 on the wire), all others carry ASCII text.
/// </summary>
public sealed class Metadata : IList<Metadata.Entry>
{
    public const string BinaryHeaderSuffix = "-bin";

    /// <summary>An empty, read-only instance.</summary>
    public static readonly Metadata Empty = new Metadata().Freeze();

    private readonly List<Entry> _entries;
    private bool _readOnly;

    public Metadata() => _entries = [];

    internal Metadata Freeze()
    {
        _readOnly = true;
        return this;
    }

    public Entry? Get(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].KeyEqualsIgnoreCase(key))
            {
                return _entries[i];
            }
        }

        return null;
    }

    public string? GetValue(string key) => Get(key)?.Value;

    public byte[]? GetValueBytes(string key) => Get(key)?.ValueBytes;

    public IEnumerable<Entry> GetAll(string key)
    {
        foreach (var entry in _entries)
        {
            if (entry.KeyEqualsIgnoreCase(key))
            {
                yield return entry;
            }
        }
    }

    public void Add(string key, string value) => Add(new Entry(key, value));

    public void Add(string key, byte[] valueBytes) => Add(new Entry(key, valueBytes));

    public void Add(Entry item)
    {
        ArgumentNullException.ThrowIfNull(item);
        CheckWriteable();
        _entries.Add(item);
    }

    public int IndexOf(Entry item) => _entries.IndexOf(item);

    public void Insert(int index, Entry item)
    {
        ArgumentNullException.ThrowIfNull(item);
        CheckWriteable();
        _entries.Insert(index, item);
    }

    public void RemoveAt(int index)
    {
        CheckWriteable();
        _entries.RemoveAt(index);
    }

    public Entry this[int index]
    {
        get => _entries[index];
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            CheckWriteable();
            _entries[index] = value;
        }
    }

    public void Clear()
    {
        CheckWriteable();
        _entries.Clear();
    }

    public bool Contains(Entry item) => _entries.Contains(item);

    public void CopyTo(Entry[] array, int arrayIndex) => _entries.CopyTo(array, arrayIndex);

    public int Count => _entries.Count;

    public bool IsReadOnly => _readOnly;

    public bool Remove(Entry item)
    {
        CheckWriteable();
        return _entries.Remove(item);
    }

    public List<Entry>.Enumerator GetEnumerator() => _entries.GetEnumerator();

    IEnumerator<Entry> IEnumerable<Entry>.GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _entries.GetEnumerator();

    private void CheckWriteable()
    {
        if (_readOnly)
        {
            throw new InvalidOperationException("Metadata 是只读的 / Metadata is read-only.");
        }
    }

    /// <summary>One metadata pair.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _valueBytes;

        public Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            if (HasBinarySuffix(Key))
            {
                throw new ArgumentException("以 -bin 结尾的键需要 byte[] 值 / Key ending in -bin requires a byte[] value.", nameof(key));
            }

            ArgumentNullException.ThrowIfNull(value);
            _value = value;
        }

        public Entry(string key, byte[] valueBytes)
        {
            Key = NormalizeKey(key);
            if (!HasBinarySuffix(Key))
            {
                throw new ArgumentException("byte[] 值的键必须以 -bin 结尾 / Key for a byte[] value must end in -bin.", nameof(key));
            }

            ArgumentNullException.ThrowIfNull(valueBytes);
            _valueBytes = valueBytes;
        }

        // Trusted constructor for keys already validated and lower-cased (received headers).
        internal Entry(string key, string? value, byte[]? valueBytes, bool trusted)
        {
            _ = trusted;
            Key = key;
            _value = value;
            _valueBytes = valueBytes;
        }

        public string Key { get; }

        public bool IsBinary => _valueBytes is not null;

        public string Value => _value ?? throw new InvalidOperationException($"条目 '{Key}' 是二进制的 / Entry '{Key}' is binary; use ValueBytes.");

        public byte[] ValueBytes => _valueBytes ?? Encoding.ASCII.GetBytes(_value!);

        public override string ToString() => IsBinary
            ? $"[Entry: key={Key}, valueBytes={Convert.ToBase64String(_valueBytes!)}]"
            : $"[Entry: key={Key}, value={_value}]";

        internal bool KeyEqualsIgnoreCase(string key) => string.Equals(Key, key, StringComparison.OrdinalIgnoreCase);

        internal static bool HasBinarySuffix(string key) => key.EndsWith(BinaryHeaderSuffix, StringComparison.OrdinalIgnoreCase);

        private static string NormalizeKey(string key)
        {
            ArgumentNullException.ThrowIfNull(key);
            if (key.Length == 0)
            {
                throw new ArgumentException("元数据键不能为空 / Metadata key must not be empty.", nameof(key));
            }

            var lower = key.ToLowerInvariant();
            foreach (var c in lower)
            {
                var valid = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-';
                if (!valid)
                {
                    throw new ArgumentException($"元数据键 '{key}' 含有非法字符 / Metadata key '{key}' contains invalid characters (allowed: a-z 0-9 . _ -).", nameof(key));
                }
            }

            return lower;
        }
    }
}
