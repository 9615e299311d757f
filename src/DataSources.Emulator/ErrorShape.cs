namespace DataSources.Emulator;

/// <summary>The body of errors raised by the server framework (validation, bad JSON, content type, unknown route).</summary>
internal enum ErrorShape
{
    /// <summary><c>{"status", "message"}</c>, the API's own envelope.</summary>
    Envelope,

    /// <summary><c>{"statusCode", "code", "error", "message"}</c>, Fastify's default error handler.</summary>
    Fastify,
}
