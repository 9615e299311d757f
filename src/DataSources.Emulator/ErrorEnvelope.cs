namespace DataSources.Emulator;

/// <summary>Turns an <see cref="ApiException"/> thrown by a handler into the error envelope.</summary>
internal static class ErrorEnvelope
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (ApiException error) when (!context.Response.HasStarted)
        {
            await ApiResponses.WriteErrorAsync(context, error.Status, error.Body);
        }
    }
}
