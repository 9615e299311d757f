using System.IO;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>The one way this library makes JSON readers and writers, so every reader treats dates and numbers alike.</summary>
internal static class JsonWire
{
    // The one string instance of every property name the contract knows, handed to each reader so
    // that reading thousands of data sources does not allocate each name again. Only Add changes
    // Newtonsoft's table and nothing adds after this, so readers on many threads can share it.
    private static readonly DefaultJsonNameTable PropertyNames = KnownPropertyNames();

    public static JsonTextReader CreateReader(TextReader text) =>
        new JsonTextReader(text)
        {
            // Dates stay text: the model parses "date" itself, and unknown fields keep their exact text.
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            MaxDepth = 64,
            CloseInput = false,
            PropertyNameTable = PropertyNames,
        };

    public static JsonTextWriter CreateWriter(TextWriter text) =>
        new JsonTextWriter(text)
        {
            Formatting = Formatting.None,
            CloseOutput = false,
        };

    private static DefaultJsonNameTable KnownPropertyNames()
    {
        var table = new DefaultJsonNameTable();
        foreach (var field in DataSourceSchema.Fields)
        {
            table.Add(field.JsonName);
        }

        foreach (var name in new[]
        {
            "status", "data", "message", "pageInfo", "skip", "limit", "totalCount", "index", "accessToken",
            "price", "currency", "frequency", "name", "street_address", "street_address_2", "locality_city",
            "state_province", "postal_code", "country",
        })
        {
            table.Add(name);
        }

        return table;
    }
}
