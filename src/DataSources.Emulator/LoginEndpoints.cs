namespace DataSources.Emulator;

/// <summary>
/// The two ways to log in: the public API's form post, answered in its envelope (or absent, or
/// without a token, as the behaviour says), and the Keycloak token endpoint underneath, answered
/// as Keycloak does, beside Keycloak's HTML login page.
/// </summary>
internal sealed class LoginEndpoints(IReadOnlyList<EmulatorUser> users, TokenAuthority tokens, TimeSpan lifetime, LiveBehaviour behaviour)
{
    public const string ClientId = "pdc-client";
    private const string KeycloakTokenRoute = "/keycloak/realms/pdc/protocol/openid-connect/token";

    public void Map(IEndpointRouteBuilder routes, string version) =>
        routes.MapPost($"/api/public/{version}/auth", AuthAsync);

    public void MapKeycloak(IEndpointRouteBuilder routes)
    {
        routes.MapPost(KeycloakTokenRoute, KeycloakAsync);
        routes.MapGet(KeycloakLoginPage.Route, KeycloakLoginPage.WriteAsync);
    }

    private async Task AuthAsync(HttpContext context)
    {
        EmulatorBehaviour current = behaviour.Current;
        if (current.AuthRoute == AuthRouteMode.Absent)
        {
            await UnknownRoute.WriteAsync(context, current.ErrorShape);
            return;
        }
        if (!context.Request.HasFormContentType)
        {
            throw ApiException.Framework(StatusCodes.Status415UnsupportedMediaType, "FST_ERR_CTP_INVALID_MEDIA_TYPE",
                "The body must be form-encoded (application/x-www-form-urlencoded).", $"Unsupported Media Type: {context.Request.ContentType}");
        }
        var (user, status, _, description) = LogIn(await context.Request.ReadFormAsync(context.RequestAborted));
        if (user is null) throw new ApiException(status, description);
        object data = current.AuthRoute == AuthRouteMode.NoToken ? new { } : new { accessToken = tokens.Issue(user, lifetime) };
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new { message = "OK", data });
    }

    private async Task KeycloakAsync(HttpContext context)
    {
        if (behaviour.Current.KeycloakRoute == KeycloakRouteMode.Absent)
        {
            // Not exposed: what the proxy in front answers for a path it does not route.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!context.Request.HasFormContentType)
        {
            await ApiResponses.WriteJsonAsync(context, StatusCodes.Status400BadRequest,
                new { error = "invalid_request", error_description = "The body must be form-encoded." });
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (user, status, error, description) = LogIn(form);
        if (user is null)
        {
            await ApiResponses.WriteJsonAsync(context, status, new { error, error_description = description });
            return;
        }
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new
        {
            access_token = tokens.Issue(user, lifetime),
            expires_in = (long)lifetime.TotalSeconds,
            token_type = "Bearer",
            scope = Field(form, "scope", "openid profile email"),
        });
    }

    private (EmulatorUser? User, int Status, string Error, string Description) LogIn(IFormCollection form)
    {
        if (Field(form, "grant_type", "password") != "password")
            return (null, StatusCodes.Status400BadRequest, "unsupported_grant_type", "Only the password grant is supported.");
        if (Field(form, "client_id", ClientId) != ClientId)
            return (null, StatusCodes.Status401Unauthorized, "invalid_client", "Unknown client.");

        string username = Field(form, "username", "");
        string password = Field(form, "password", "");
        EmulatorUser? user = users.FirstOrDefault(u =>
            string.Equals(u.Name, username, StringComparison.OrdinalIgnoreCase) && u.Password == password);
        return user is null
            ? (null, StatusCodes.Status401Unauthorized, "invalid_grant", "Invalid user credentials.")
            : (user, StatusCodes.Status200OK, "", "");
    }

    private static string Field(IFormCollection form, string name, string fallback) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : fallback;
}
