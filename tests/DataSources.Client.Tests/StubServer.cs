using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DataSources.Client.Tests;

/// <summary>
/// A bare Kestrel server on a loopback port that answers every request with the test's handler:
/// for answers the emulator never gives (a 200 without data, a truncated body).
/// </summary>
public sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private StubServer(WebApplication app, Uri baseUri)
    {
        this.app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static async Task<StubServer> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return new StubServer(app, new Uri(app.Urls.First().TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
