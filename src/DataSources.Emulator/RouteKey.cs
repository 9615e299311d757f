namespace DataSources.Emulator;

/// <summary>
/// Names a request by its method and route template, as stats and faults see it:
/// <c>GET /api/public/v1/data-sources/{id}</c>. Control routes have no key.
/// </summary>
internal static class RouteKey
{
    public static string? Of(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template }
        && (template.StartsWith("/api/", StringComparison.Ordinal) || template.StartsWith("/keycloak/", StringComparison.Ordinal))
            ? $"{context.Request.Method} {template}"
            : null;
}
