namespace DataSources.Emulator;

/// <summary>
/// The framework's 404 for a route the server does not have, such as DELETE, the list-all GET, or
/// a version the behaviour does not serve. As middleware it turns away the routes of unserved versions.
/// </summary>
internal sealed class UnknownRoute(LiveBehaviour behaviour)
{
    private const string ApiPrefix = "/api/public/";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        EmulatorBehaviour current = behaviour.Current;
        if (current.ApiVersions.Count < EmulatorBehaviour.AllVersions.Length && VersionOf(context.Request.Path.Value) is { } version
            && !current.Serves(version))
        {
            await WriteAsync(context, current.ErrorShape);
            return;
        }
        await next(context);
    }

    public static Task WriteAsync(HttpContext context, ErrorShape shape)
    {
        string message = $"Route {context.Request.Method}:{context.Request.Path}{context.Request.QueryString} not found";
        return shape == ErrorShape.Fastify
            ? ApiResponses.WriteFastifyErrorAsync(context, StatusCodes.Status404NotFound, code: null, message)
            : ApiResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, message);
    }

    // The version segment of /api/public/{v}/..., when it is one the emulator knows.
    private static string? VersionOf(string? path)
    {
        if (path is null || !path.StartsWith(ApiPrefix, StringComparison.Ordinal)) return null;
        int end = path.IndexOf('/', ApiPrefix.Length);
        string segment = end < 0 ? path[ApiPrefix.Length..] : path[ApiPrefix.Length..end];
        return EmulatorBehaviour.AllVersions.Contains(segment) ? segment : null;
    }
}
