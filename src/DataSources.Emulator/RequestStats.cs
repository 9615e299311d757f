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
        try
        {
            await next(context);
        }
        finally
        {
            int? status = context.RequestAborted.IsCancellationRequested ? null : context.Response.StatusCode;
            lock (gate)
            {
                requests++;
                byRoute[key] = byRoute.GetValueOrDefault(key) + 1;
                if (status is int s) byStatus[s] = byStatus.GetValueOrDefault(s) + 1;
            }
        }
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
