using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataSources.Emulator;

/// <summary>
/// Writes the envelopes straight to the response. Data sources are copied from their
/// pre-serialized JSON, so a page of 10,000 costs little more than its bytes.
/// </summary>
internal static class ApiResponses
{
    // Answers are JSON for programs, never embedded in HTML, so quotes stay readable in messages.
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private const int FlushThreshold = 64 * 1024;

    public static async Task WriteOneAsync(HttpContext context, int status, DataSourceContent content)
    {
        Start(context, status);
        using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteNumber("status", status);
        writer.WritePropertyName("data");
        writer.WriteRawValue(content.Published, skipInputValidation: true);
        writer.WriteEndObject();
        writer.Flush();
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary><c>{"status", "data": [...]}</c>, with a 207's <c>message</c> and a filter's <c>pageInfo</c> when given.</summary>
    public static async Task WriteManyAsync(
        HttpContext context, int status, IReadOnlyList<StoredDataSource> sources, object? message = null, PageInfo? pageInfo = null)
    {
        Start(context, status);
        var body = context.Response.BodyWriter;
        using var writer = new Utf8JsonWriter(body);
        writer.WriteStartObject();
        writer.WriteNumber("status", status);
        if (message is not null)
        {
            writer.WritePropertyName("message");
            JsonSerializer.Serialize(writer, message, message.GetType(), JsonOptions);
        }
        writer.WriteStartArray("data");
        foreach (StoredDataSource source in sources)
        {
            writer.WriteRawValue(source.Content.Published, skipInputValidation: true);
            if (writer.BytesPending > FlushThreshold)
            {
                writer.Flush();
                await body.FlushAsync(context.RequestAborted);
            }
        }
        writer.WriteEndArray();
        if (pageInfo is not null)
        {
            writer.WriteStartObject("pageInfo");
            writer.WriteNumber("skip", pageInfo.Skip);
            writer.WriteNumber("limit", pageInfo.Limit);
            writer.WriteNumber("totalCount", pageInfo.TotalCount);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.Flush();
        await body.FlushAsync(context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, int status, object message)
    {
        if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer";
        return WriteJsonAsync(context, status, new Dictionary<string, object> { ["status"] = status, ["message"] = message });
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, object value)
    {
        Start(context, status);
        await JsonSerializer.SerializeAsync(context.Response.Body, value, value.GetType(), JsonOptions, context.RequestAborted);
    }

    private static void Start(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
    }
}
