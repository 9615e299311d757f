namespace DataSources.Emulator;

/// <summary>
/// An error answer. By default in the envelope <c>{"status": Status, "message": Body}</c>; an error
/// raised by the server framework (<see cref="FrameworkCode"/>) follows the behaviour's error shape,
/// and a missing or bad token (<see cref="IsUnauthenticated"/>) its unauthenticated answer.
/// </summary>
internal sealed class ApiException(int status, object body) : Exception(body as string ?? $"HTTP {status}")
{
    public int Status { get; } = status;

    /// <summary>A string, or an array or object serialized as JSON.</summary>
    public object Body { get; } = body;

    /// <summary>Fastify's code for this error, e.g. <c>FST_ERR_VALIDATION</c>; null for the application's own errors.</summary>
    public string? FrameworkCode { get; private init; }

    /// <summary>The one-string message of Fastify's shape.</summary>
    public string FastifyMessage { get; private init; } = "";

    public bool IsUnauthenticated { get; private init; }

    public static ApiException Invalid(IReadOnlyList<SchemaProblem> problems) =>
        new(StatusCodes.Status400BadRequest, problems.Select(p => p.ToString()).ToArray())
        {
            FrameworkCode = "FST_ERR_VALIDATION",
            FastifyMessage = string.Join(", ", problems.Select(p => p.ToFastify())),
        };

    public static ApiException Invalid(string message) => Framework(StatusCodes.Status400BadRequest, "FST_ERR_VALIDATION", message, message);

    public static ApiException Framework(int status, string code, string message, string fastifyMessage) =>
        new(status, message) { FrameworkCode = code, FastifyMessage = fastifyMessage };

    public static ApiException Unauthenticated(string message) => new(StatusCodes.Status401Unauthorized, message) { IsUnauthenticated = true };
}
