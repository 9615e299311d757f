using System.Net;
using System.Net.Mime;

namespace DataSources.Emulator;

/// <summary>
/// Keycloak's login form for the pdc realm, where oauth2-proxy sends a request without a valid
/// token: HTML for a person, never JSON. Its form posts nowhere this emulator serves.
/// </summary>
internal static class KeycloakLoginPage
{
    public const string Route = "/keycloak/realms/pdc/protocol/openid-connect/auth";

    /// <summary>The absolute login URL for a request, with the request's own address to come back to.</summary>
    public static string UrlFor(HttpContext context)
    {
        HttpRequest request = context.Request;
        string origin = $"{request.Scheme}://{request.Host}";
        string back = origin + request.PathBase + request.Path + request.QueryString;
        return $"{origin}{Route}?client_id={LoginEndpoints.ClientId}&response_type=code&scope=openid&redirect_uri={Uri.EscapeDataString(back)}";
    }

    public static Task WriteAsync(HttpContext context)
    {
        string action = $"{context.Request.Scheme}://{context.Request.Host}/keycloak/realms/pdc/login-actions/authenticate";
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = MediaTypeNames.Text.Html + "; charset=utf-8";
        return context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Sign in to pdc</title></head>
            <body>
            <h1 id="kc-page-title">Sign in to your account</h1>
            <form id="kc-form-login" action="{{WebUtility.HtmlEncode(action)}}" method="post">
            <label for="username">Username or email</label><input id="username" name="username" type="text" autofocus>
            <label for="password">Password</label><input id="password" name="password" type="password">
            <input id="kc-login" name="login" type="submit" value="Sign In">
            </form>
            </body>
            </html>

            """);
    }
}
