using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>
/// What the rows piped to Find-DataSource ask for: each row on its own (its names, and its types,
/// and its ids; a key it does not give matches anything), and a data source is found when it
/// matches any one row, as running the command once per row would find it.
/// </summary>
/// <remarks>
/// The server is asked once, with a filter that covers every row: for each key, the values of all
/// rows when every row gives that key, and no restriction when a row leaves it free. That filter is
/// exactly the rows when they all give one and the same key (names piped as text, a column of
/// ids); otherwise (a Name and a DatabaseType column, or rows of different keys) it can find more
/// than they ask for, and its answers are matched to the rows here.
/// </remarks>
internal sealed class PipedCriteria
{
    private const WildcardOptions Options = WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant;

    private readonly List<Row> _rows = new List<Row>();
    private readonly Key _names = new Key();
    private readonly Key _types = new Key();
    private readonly Key _ids = new Key();
    private Dictionary<string, List<Row>>? _rowsById;

    public bool Any => _rows.Count > 0;

    /// <summary>The names for the server's filter; null for no restriction.</summary>
    public string[]? Names => _names.ValuesIfEveryRow(_rows.Count);

    /// <summary>The database types for the server's filter; null for no restriction.</summary>
    public string[]? Types => _types.ValuesIfEveryRow(_rows.Count);

    /// <summary>The ids for the server's filter; null for no restriction.</summary>
    public string[]? Ids => _ids.ValuesIfEveryRow(_rows.Count);

    /// <summary>Whether the server's filter finds exactly what the rows ask for.</summary>
    public bool IsExact =>
        _rows.Count <= 1
        || (new[] { _names, _types, _ids }.Count(key => key.Rows == _rows.Count) == 1 && _names.Rows + _types.Rows + _ids.Rows == _rows.Count);

    /// <summary>Adds a row; a null list is a key the row does not give.</summary>
    public void Add(IReadOnlyList<string>? names, IReadOnlyList<string>? types, IReadOnlyList<string>? ids)
    {
        _names.Add(names);
        _types.Add(types);
        _ids.Add(ids);
        _rows.Add(new Row(names, types, ids));
    }

    /// <summary>Whether a data source the server answered matches one of the rows.</summary>
    public bool Matches(DataSource source)
    {
        if (_ids.Rows == _rows.Count)
        {
            // Every row names ids: only the rows of this source's id can match it.
            _rowsById ??= IndexById();
            return source.Id != null && _rowsById.TryGetValue(source.Id, out var rows) && rows.Any(row => row.Matches(source));
        }

        return _rows.Any(row => row.Matches(source));
    }

    private Dictionary<string, List<Row>> IndexById()
    {
        var index = new Dictionary<string, List<Row>>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in _rows)
        {
            foreach (var id in row.Ids!)
            {
                if (!index.TryGetValue(id, out var rows))
                {
                    index.Add(id, rows = new List<Row>());
                }

                rows.Add(row);
            }
        }

        return index;
    }

    // A row as it was given; its patterns are made only when answers are matched to the rows,
    // which an exact filter (most pipelines) never needs.
    private sealed class Row
    {
        private readonly IReadOnlyList<string>? _names;
        private readonly IReadOnlyList<string>? _types;
        private WildcardPattern[]? _namePatterns;
        private WildcardPattern[]? _typePatterns;

        public Row(IReadOnlyList<string>? names, IReadOnlyList<string>? types, IReadOnlyList<string>? ids)
        {
            _names = names;
            _types = types;
            Ids = ids;
        }

        public IReadOnlyList<string>? Ids { get; }

        public bool Matches(DataSource source) =>
            MatchesAny(_names, ref _namePatterns, source.ResourceName)
            && MatchesAny(_types, ref _typePatterns, source.DatabaseType)
            && (Ids == null || (source.Id != null && Ids.Contains(source.Id, StringComparer.OrdinalIgnoreCase)));

        // The patterns were checked when the row was read.
        private static bool MatchesAny(IReadOnlyList<string>? given, ref WildcardPattern[]? patterns, string? value)
        {
            if (given == null)
            {
                return true;
            }

            patterns ??= given.Select(pattern => new WildcardPattern(pattern, Options)).ToArray();
            return value != null && patterns.Any(pattern => pattern.IsMatch(value));
        }
    }

    // One key's values over the rows, each once, and how many rows gave it.
    private sealed class Key
    {
        private readonly List<string> _values = new List<string>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);

        public int Rows { get; private set; }

        public void Add(IReadOnlyList<string>? values)
        {
            if (values == null)
            {
                return;
            }

            Rows++;
            foreach (var value in values)
            {
                if (_seen.Add(value))
                {
                    _values.Add(value);
                }
            }
        }

        public string[]? ValuesIfEveryRow(int rows) => Rows == rows && _values.Count > 0 ? _values.ToArray() : null;
    }
}
