using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>Readers for the envelope's <c>data</c>: one data source, or an array of them.</summary>
internal static class ResponseReaders
{
    private static readonly object SkippedObject = new object();

    public static DataSource DataSourceObject(JsonReader reader) => DataSourceReader.Read(AtObject(reader));

    /// <summary>One data source, or null for <c>"data": null</c>, which some servers answer for an unknown id.</summary>
    public static DataSource? DataSourceOrNone(JsonReader reader) =>
        reader.TokenType == JsonToken.Null ? null : DataSourceObject(reader);

    /// <summary>
    /// A data source's object passed over unread (a marker stands for it), or null as in
    /// <see cref="DataSourceOrNone"/>: for an answer only checked to hold one.
    /// </summary>
    public static object? SkippedObjectOrNone(JsonReader reader)
    {
        if (reader.TokenType == JsonToken.Null)
        {
            return null;
        }

        AtObject(reader).Skip();
        return SkippedObject;
    }

    [MethodImpl(JitOptions.FullyOptimized)]
    public static IReadOnlyList<DataSource> DataSourceList(JsonReader reader)
    {
        if (reader.TokenType != JsonToken.StartArray)
        {
            throw new InvalidDataException("has a 'data' that is not an array");
        }

        var list = new List<DataSource>();
        while (reader.Read() && reader.TokenType != JsonToken.EndArray)
        {
            list.Add(DataSourceReader.Read(reader));
        }

        if (reader.TokenType != JsonToken.EndArray)
        {
            throw new JsonReaderException("The 'data' array ends early.");
        }

        return list;
    }

    private static JsonReader AtObject(JsonReader reader) =>
        reader.TokenType == JsonToken.StartObject ? reader : throw new InvalidDataException("has a 'data' that is not an object");
}
