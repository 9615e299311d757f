using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataSources.Emulator;

/// <summary>
/// Writes the envelopes straight to the response. Data sources are copied from their
/// pre-rendered JSON, so a page of 10,000 costs little more than its bytes.
/// </summary>
internal static class ApiResponses
{
    // Answers are JSON for programs, never embedded in HTML, so quotes stay readable in messages.
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const int FlushThreshold = 64 * 1024;

    /// <summary><c>{"status", "data": {...}}</c>, or <c>"data": null</c> without a source.</summary>
    public static async Task WriteOneAsync(HttpContext context, int status, byte[]? published)
    {
        Start(context, status);
        using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteNumber("status", status);
        writer.WritePropertyName("data");
        if (published is null) writer.WriteNullValue();
        else writer.WriteRawValue(published, skipInputValidation: true);
        writer.WriteEndObject();
        writer.Flush();
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary><c>{"status", "data": [...]}</c>, with a 207's <c>message</c> and a filter's <c>pageInfo</c> when given.</summary>
    public static async Task WriteManyAsync(
        HttpContext context, int status, IReadOnlyList<StoredDataSource> sources, ReadView view, object? message = null, PageInfo? pageInfo = null)
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
            writer.WriteRawValue(source.Content.Published(view), skipInputValidation: true);
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

    /// <summary>Fastify's default error body: <c>{"statusCode", "code", "error", "message"}</c>; its 404 has no code.</summary>
    public static Task WriteFastifyErrorAsync(HttpContext context, int status, string? code, string message)
    {
        var body = new Dictionary<string, object> { ["statusCode"] = status };
        if (code is not null) body["code"] = code;
        body["error"] = NodeReasonPhrase(status);
        body["message"] = message;
        return WriteJsonAsync(context, status, body);
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, object value)
    {
        Start(context, status);
        await JsonSerializer.SerializeAsync(context.Response.Body, value, value.GetType(), JsonOptions, context.RequestAborted);
    }

    // Node's names, which Fastify puts in "error"; ASP.NET Core's differ for some (413 is "Content Too Large" there).
    private static string NodeReasonPhrase(int status) => status switch
    {
        400 => "Bad Request",
        404 => "Not Found",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        500 => "Internal Server Error",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
    };

    private static void Start(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
    }
}
