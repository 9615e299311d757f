using System.Text.Json;

namespace DataSources.Emulator;

/// <summary>Reads a request's JSON body, answering 415 for another content type and 400 for bad JSON.</summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false };

    public static async Task<JsonDocument> ReadAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON (Content-Type: application/json).");
        try
        {
            return await JsonDocument.ParseAsync(context.Request.Body, Options, context.RequestAborted);
        }
        catch (JsonException error)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, $"The body is not valid JSON: {error.Message}");
        }
    }

    /// <summary>Like <see cref="ReadAsync"/>, but null for a request without a body.</summary>
    public static async Task<JsonDocument?> ReadOptionalAsync(HttpContext context) =>
        context.Request.ContentLength == 0 || (context.Request.ContentLength is null && !context.Request.Headers.TransferEncoding.Any())
            ? null
            : await ReadAsync(context);
}
