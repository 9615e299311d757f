using System.Globalization;
using System.Net.Mime;
using Microsoft.AspNetCore.WebUtilities;

namespace DataSources.Emulator;

/// <summary>Delays, fails or drops API requests as the posted <see cref="FaultSettings"/> say.</summary>
internal sealed class FaultInjector
{
    private static readonly object DroppedKey = new();

    private ActiveFaults? active;

    public void Set(FaultSettings settings) => Volatile.Write(ref active, new ActiveFaults(settings));

    public void Clear() => Volatile.Write(ref active, null);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ActiveFaults? faults = Volatile.Read(ref active);
        string? key = faults is null ? null : RouteKey.Of(context);
        if (faults is null || key is null || !faults.Routes.Any(r => r.IsMatch(WildcardPattern.Normalize(key))))
        {
            await next(context);
            return;
        }

        FaultSettings settings = faults.Settings;
        if (settings.LatencyMs > 0) await Task.Delay(settings.LatencyMs, context.RequestAborted);
        if (faults.Kinds.Length == 0 || Random.Shared.NextDouble() >= settings.Rate)
        {
            await next(context);
            return;
        }

        int status = faults.Kinds[Random.Shared.Next(faults.Kinds.Length)];
        if (status != ActiveFaults.Dropped)
        {
            await WriteStatusAsync(context, status, settings);
        }
        else if (settings.Drop == "before")
        {
            Drop(context);
        }
        else
        {
            // The answer goes nowhere and the connection is cut: the client never learns the outcome.
            context.Response.Body = Stream.Null;
            await next(context);
            Drop(context);
        }
    }

    /// <summary>Whether the request's connection was cut on purpose, so it has no status to count.</summary>
    public static bool WasDropped(HttpContext context) => context.Items.ContainsKey(DroppedKey);

    // Marked before the abort: Kestrel signals RequestAborted on another thread, too late to tell.
    private static void Drop(HttpContext context)
    {
        context.Items[DroppedKey] = true;
        context.Abort();
    }

    private static async Task WriteStatusAsync(HttpContext context, int status, FaultSettings settings)
    {
        if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

        string reason = ReasonPhrases.GetReasonPhrase(status);
        if (!settings.Html)
        {
            await ApiResponses.WriteErrorAsync(context, status, $"{reason} (injected fault)");
            return;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = MediaTypeNames.Text.Html;
        await context.Response.WriteAsync(
            $"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
    }

    private sealed class ActiveFaults(FaultSettings settings)
    {
        public FaultSettings Settings { get; } = settings;

        public WildcardPattern[] Routes { get; } = settings.Routes.Select(r => new WildcardPattern(r)).ToArray();

        public const int Dropped = 0;

        /// <summary>The kinds a faulted request draws from evenly: each status, and <see cref="Dropped"/> when there is a drop.</summary>
        public int[] Kinds { get; } = [.. settings.Statuses, .. settings.Drop == "none" ? Array.Empty<int>() : [Dropped]];
    }
}
