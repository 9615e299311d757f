using System;
using System.Collections.Generic;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>
/// The link between each contract field and its <see cref="DataSource"/> property: reads the wire
/// value into the property, and gets it back (for copying a data source into a create request).
/// </summary>
internal sealed class DataSourceAccessor
{
    private readonly ValueReader _read;

    private DataSourceAccessor(string jsonName, Func<DataSource, object?> get, ValueReader read)
    {
        Field = DataSourceSchema.TryGetField(jsonName, out var field)
            ? field
            : throw new InvalidOperationException("The schema has no field " + jsonName + ".");
        Get = get;
        _read = read;
    }

    /// <summary>Reads the value at the reader's current token; false with the plain value when it does not fit the field's type.</summary>
    internal delegate bool ValueReader(JsonReader reader, DataSource target, out object? unfit);

    public DataSourceField Field { get; }

    public Func<DataSource, object?> Get { get; }

    public bool TryRead(JsonReader reader, DataSource target, out object? unfit) => _read(reader, target, out unfit);

    internal static DataSourceAccessor Text(string name, Func<DataSource, string?> get, Action<DataSource, string?> set) =>
        new DataSourceAccessor(name, get, (JsonReader r, DataSource d, out object? unfit) => Apply(WireValues.TryReadText(r, out var v, out unfit), d, v, set));

    internal static DataSourceAccessor Texts(string name, Func<DataSource, DataSourceStringList?> get, Action<DataSource, DataSourceStringList?> set) =>
        new DataSourceAccessor(
            name,
            get,
            (JsonReader r, DataSource d, out object? unfit) => Apply(WireValues.TryReadTexts(r, out var v, out unfit), d, v == null ? null : new DataSourceStringList(v), set));

    internal static DataSourceAccessor Flag(string name, Func<DataSource, bool?> get, Action<DataSource, bool?> set) =>
        new DataSourceAccessor(name, d => get(d), (JsonReader r, DataSource d, out object? unfit) => Apply(WireValues.TryReadBoolean(r, out var v, out unfit), d, v, set));

    internal static DataSourceAccessor Whole(string name, Func<DataSource, long?> get, Action<DataSource, long?> set) =>
        new DataSourceAccessor(name, d => get(d), (JsonReader r, DataSource d, out object? unfit) => Apply(WireValues.TryReadInteger(r, out var v, out unfit), d, v, set));

    internal static DataSourceAccessor Real(string name, Func<DataSource, double?> get, Action<DataSource, double?> set) =>
        new DataSourceAccessor(name, d => get(d), (JsonReader r, DataSource d, out object? unfit) => Apply(WireValues.TryReadNumber(r, out var v, out unfit), d, v, set));

    internal static DataSourceAccessor Moment(string name, Func<DataSource, DateTimeOffset?> get, Action<DataSource, DateTimeOffset?> set) =>
        new DataSourceAccessor(name, d => get(d), (JsonReader r, DataSource d, out object? unfit) => Apply(WireValues.TryReadDate(r, out var v, out unfit), d, v, set));

    internal static DataSourceAccessor Cost(string name, Func<DataSource, DataSourceCost?> get, Action<DataSource, DataSourceCost?> set) =>
        new DataSourceAccessor(name, get, (JsonReader r, DataSource d, out object? unfit) => Apply(WireValues.TryReadCost(r, out var v, out unfit), d, v, set));

    internal static DataSourceAccessor Place(string name, Func<DataSource, DataSourceLocation?> get, Action<DataSource, DataSourceLocation?> set) =>
        new DataSourceAccessor(name, get, (JsonReader r, DataSource d, out object? unfit) => Apply(WireValues.TryReadLocation(r, out var v, out unfit), d, v, set));

    internal static DataSourceAccessor Objects(string name, Func<DataSource, DataSourceObjectList?> get, Action<DataSource, DataSourceObjectList?> set) =>
        new DataSourceAccessor(
            name,
            get,
            (JsonReader r, DataSource d, out object? unfit) => Apply(WireValues.TryReadObjects(r, out var v, out unfit), d, v == null ? null : new DataSourceObjectList(v), set));

    private static bool Apply<T>(bool fits, DataSource target, T value, Action<DataSource, T> set)
    {
        if (fits)
        {
            set(target, value);
        }

        return fits;
    }
}
