using System.IO;
using Newtonsoft.Json;

namespace DataSources.Client
{
    /// <summary>The one way this library makes JSON readers and writers, so every reader treats dates and numbers alike.</summary>
    internal static class JsonWire
    {
        public static JsonTextReader CreateReader(TextReader text) =>
            new JsonTextReader(text)
            {
                // Dates stay text: the model parses "date" itself, and unknown fields keep their exact text.
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Double,
                MaxDepth = 64,
                CloseInput = false,
                PropertyNameTable = WirePropertyNames.Instance,
            };

        public static JsonTextWriter CreateWriter(TextWriter text) =>
            new JsonTextWriter(text)
            {
                Formatting = Formatting.None,
                CloseOutput = false,
            };
    }
}
