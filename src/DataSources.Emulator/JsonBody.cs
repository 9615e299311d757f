using System.Text.Json;

namespace DataSources.Emulator;

/// <summary>Reads a request's JSON body, answering 415 for another content type and 400 for bad JSON, as the framework does.</summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false };

    public static async Task<JsonDocument> ReadAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            throw ApiException.Framework(StatusCodes.Status415UnsupportedMediaType, "FST_ERR_CTP_INVALID_MEDIA_TYPE",
                "The body must be JSON (Content-Type: application/json).", $"Unsupported Media Type: {context.Request.ContentType}");
        }
        if (context.Request.ContentLength == 0)
        {
            throw ApiException.Framework(StatusCodes.Status400BadRequest, "FST_ERR_CTP_EMPTY_JSON_BODY",
                "The body is empty.", "Body cannot be empty when content-type is set to 'application/json'");
        }
        try
        {
            return await JsonDocument.ParseAsync(context.Request.Body, Options, context.RequestAborted);
        }
        catch (JsonException error)
        {
            throw ApiException.Framework(StatusCodes.Status400BadRequest, "FST_ERR_CTP_INVALID_JSON_BODY",
                $"The body is not valid JSON: {error.Message}", "Body is not valid JSON but content-type is set to 'application/json'");
        }
    }

    /// <summary>Like <see cref="ReadAsync"/>, but null for a request without a body.</summary>
    public static async Task<JsonDocument?> ReadOptionalAsync(HttpContext context) =>
        context.Request.ContentLength == 0 || (context.Request.ContentLength is null && !context.Request.Headers.TransferEncoding.Any())
            ? null
            : await ReadAsync(context);
}
