using System.Net.Mime;

namespace DataSources.Emulator;

/// <summary>Turns an <see cref="ApiException"/> thrown by a handler into its answer, as the behaviour in force shapes it.</summary>
internal sealed class ErrorAnswer(LiveBehaviour behaviour)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (ApiException error) when (!context.Response.HasStarted)
        {
            EmulatorBehaviour current = behaviour.Current;
            // The control routes are the emulator's own: their errors keep one shape whatever the switches say.
            bool control = context.Request.Path.StartsWithSegments(ControlEndpoints.Prefix);
            if (error.IsUnauthenticated && !control && current.Unauthenticated != UnauthenticatedAnswer.Unauthorized)
                await WriteLoginAsync(context, current.Unauthenticated);
            else if (error.FrameworkCode is not null && !control && current.ErrorShape == ErrorShape.Fastify)
                await ApiResponses.WriteFastifyErrorAsync(context, error.Status, error.FrameworkCode, error.FastifyMessage);
            else
                await ApiResponses.WriteErrorAsync(context, error.Status, error.Body);
        }
    }

    private static Task WriteLoginAsync(HttpContext context, UnauthenticatedAnswer answer)
    {
        if (answer == UnauthenticatedAnswer.LoginPage) return KeycloakLoginPage.WriteAsync(context);

        string location = KeycloakLoginPage.UrlFor(context);
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = location;
        context.Response.ContentType = MediaTypeNames.Text.Html;
        return context.Response.WriteAsync($"<a href=\"{System.Net.WebUtility.HtmlEncode(location)}\">Found</a>.\n");
    }
}
