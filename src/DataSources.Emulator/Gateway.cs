using System.Diagnostics;
using System.Net.Mime;

namespace DataSources.Emulator;

/// <summary>
/// What stands between a client and the server, as the behaviour says: Cloudflare Access wanting its
/// headers, an ingress that routes by host name only, and network latency. The control routes are
/// the emulator's own and pass untouched, so a test can always reach them.
/// </summary>
internal sealed class Gateway(LiveBehaviour behaviour)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments(ControlEndpoints.Prefix))
        {
            await next(context);
            return;
        }

        EmulatorBehaviour current = behaviour.Current;
        if (current.RequiredHeaders.Count > 0 && current.RequiredHeaders.Any(h => context.Request.Headers[h.Key] != h.Value))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = MediaTypeNames.Text.Html + "; charset=UTF-8";
            await context.Response.WriteAsync("error code: 1010");
            return;
        }
        if (current.RequireHostName && Uri.CheckHostName(context.Request.Host.Host) is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            await ApiResponses.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized");
            return;
        }
        if (current.LatencyMs > 0)
        {
            // A round trip is delayed both ways: half before the server sees the request, half on
            // the answer's way back, after the server has acted on it. So a client that gives up in
            // the second half has changed data it was never told about, as on a real network. The
            // answer starts when the whole delay is over, counted from the request's arrival, so
            // that the two waits do not add up their timers' overshoot.
            long arrived = Stopwatch.GetTimestamp();
            context.Response.OnStarting(() => DelayAsync(arrived, current.LatencyMs, context.RequestAborted));
            await LatencyClock.DelayUntilAsync(After(arrived, current.LatencyMs / 2.0), context.RequestAborted);
        }
        await next(context);
    }

    private static long After(long timestamp, double milliseconds) =>
        timestamp + (long)(milliseconds * Stopwatch.Frequency / 1000);

    private static async Task DelayAsync(long arrived, int latencyMs, CancellationToken aborted)
    {
        try
        {
            await LatencyClock.DelayUntilAsync(After(arrived, latencyMs), aborted);
        }
        catch (OperationCanceledException)
        {
            // The client has gone: the answer goes nowhere either way.
        }
    }
}
