using System.IO;
using System.Linq;
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

        var envelope = new[] { "status", "data", "message", "pageInfo", "skip", "limit", "totalCount", "index", "accessToken" };
        foreach (var name in envelope.Concat(DataSourceCost.WireKeys).Concat(DataSourceLocation.WireKeys))
        {
            table.Add(name);
        }

        return table;
    }
}
