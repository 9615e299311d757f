using System.Globalization;

namespace DataSources.Emulator;

/// <summary>Counts the API requests by route and by status (a dropped request has no status).</summary>
internal sealed class RequestStats
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> byRoute = new(StringComparer.Ordinal);
    private readonly Dictionary<int, long> byStatus = [];
    private long requests;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        string? key = RouteKey.Of(context);
        if (key is null)
        {
            await next(context);
            return;
        }
        // Counted before the answer can reach the client, so a client that reads the stats right
        // after an answer always sees its own request: the route on arrival, the status as the
        // response starts. A dropped request never starts a response and so has no status.
        lock (gate)
        {
            requests++;
            byRoute[key] = byRoute.GetValueOrDefault(key) + 1;
        }
        context.Response.OnStarting(() =>
        {
            if (FaultInjector.WasDropped(context) || context.RequestAborted.IsCancellationRequested) return Task.CompletedTask;
            int status = context.Response.StatusCode;
            lock (gate) byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            return Task.CompletedTask;
        });
        await next(context);
    }

    public object Snapshot()
    {
        lock (gate)
        {
            return new Dictionary<string, object>
            {
                ["requests"] = requests,
                ["byRoute"] = new SortedDictionary<string, long>(byRoute, StringComparer.Ordinal),
                ["byStatus"] = byStatus.OrderBy(p => p.Key)
                    .ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value),
            };
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            requests = 0;
            byRoute.Clear();
            byStatus.Clear();
        }
    }
}
