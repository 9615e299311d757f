using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>Reads one data source object from the wire, streaming, into a <see cref="DataSource"/>.</summary>
internal static class DataSourceReader
{
    /// <summary>Reads the object at the reader's current token (StartObject), leaving the reader on its EndObject.</summary>
    [MethodImpl(JitOptions.FullyOptimized)]
    public static DataSource Read(JsonReader reader)
    {
        if (reader.TokenType != JsonToken.StartObject)
        {
            throw new System.IO.InvalidDataException($"expected a data source object at '{reader.Path}', found {reader.TokenType}.");
        }

        var source = new DataSource();
        Dictionary<string, object?>? additional = null;
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            var name = (string)reader.Value!;
            if (!reader.Read())
            {
                break;
            }

            if (DataSourceAccessors.ByJsonName.TryGetValue(name, out var accessor))
            {
                if (accessor.TryRead(reader, source, out var unfit))
                {
                    continue;
                }

                (additional ??= new Dictionary<string, object?>())[name] = unfit;
            }
            else if (DataSourceSchema.TryGetField(name, out var field) && field.IsSecret)
            {
                // A server that does return a secret must not get it into the model.
                reader.Skip();
            }
            else
            {
                (additional ??= new Dictionary<string, object?>())[name] = PlainJson.ReadValue(reader);
            }
        }

        if (reader.TokenType != JsonToken.EndObject)
        {
            throw new JsonReaderException($"The data source object at '{reader.Path}' ends early.");
        }

        if (additional != null)
        {
            source.AdditionalFields = new DataSourceAdditionalFields(additional);
        }

        return source;
    }
}
