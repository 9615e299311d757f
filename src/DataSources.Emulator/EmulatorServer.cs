namespace DataSources.Emulator;

/// <summary>
/// The emulator running in this process on real Kestrel, for tests: <c>await using var server =
/// await EmulatorServer.StartAsync("--seed-count", "100");</c> then talk HTTP to <see cref="BaseUri"/>.
/// The command-line program runs the same way.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    /// <summary>Where <see cref="StartAsync(string[])"/> binds without <c>--urls</c>: loopback, a free port.</summary>
    public const string DefaultUrls = "http://127.0.0.1:0";

    private readonly WebApplication app;

    private EmulatorServer(WebApplication app, Uri baseUri)
    {
        this.app = app;
        BaseUri = baseUri;
    }

    /// <summary>The first bound address with its real port and a trailing slash, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Starts an emulator; <paramref name="args"/> are those of the command line.</summary>
    public static Task<EmulatorServer> StartAsync(params string[] args) => StartAsync(EmulatorOptions.Parse(args, DefaultUrls));

    internal static async Task<EmulatorServer> StartAsync(EmulatorOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A failed start surfaces as the exception StartAsync throws; the host's own log of it is a duplicate.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        WebApplication app = builder.Build();
        try
        {
            Configure(app, options);
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        string address = app.Urls.First();
        return new EmulatorServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    internal Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static void Configure(WebApplication app, EmulatorOptions options)
    {
        var behaviour = new LiveBehaviour(options.Behaviour);
        var store = new DataSourceStore();
        var seeder = new StoreSeeder(store, options.Users[0].Id, behaviour);
        if (options.SeedFile is not null) seeder.LoadFile(options.SeedFile);
        seeder.Generate(options.SeedCount);

        var tokens = new TokenAuthority();
        var stats = new RequestStats();
        var faults = new FaultInjector();
        var dataSources = new DataSourceEndpoints(store, tokens, behaviour);
        var login = new LoginEndpoints(options.Users, tokens, options.TokenLifetime, behaviour);

        app.UseRouting();
        app.Use(stats.InvokeAsync);
        app.Use(new Gateway(behaviour).InvokeAsync);
        app.Use(faults.InvokeAsync);
        app.Use(new ErrorAnswer(behaviour).InvokeAsync);
        app.Use(new UnknownRoute(behaviour).InvokeAsync);
        app.Use(new BodyLimit(behaviour).InvokeAsync);

        foreach (string version in EmulatorBehaviour.AllVersions)
        {
            dataSources.Map(app, version);
            login.Map(app, version);
        }
        login.MapKeycloak(app);
        new ControlEndpoints(store, seeder, stats, faults, tokens, options.Users, options.TokenLifetime, behaviour).Map(app);

        // Any other path or method, DELETE and the list-all GET among them, is the framework's 404;
        // under /api/ it is counted, so a test sees a client probe for what the server lacks.
        var shape = () => behaviour.Current.ErrorShape;
        app.Map("/api/{**path}", context => UnknownRoute.WriteAsync(context, shape()));
        app.Map("/keycloak/{**path}", context => UnknownRoute.WriteAsync(context, shape()));
        app.Map("{**path}", context => UnknownRoute.WriteAsync(context, shape()));
    }
}
