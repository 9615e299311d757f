using System.Net.Http;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace DataSources.Client.Tests;

/// <summary>
/// Which of Mono's two HTTP stacks the leg runs the client on. Mono's HttpClientHandler delegates
/// to its copy of SocketsHttpHandler (as .NET does); its other stack, MonoWebRequestHandler, is
/// built on HttpWebRequest and ServicePoint, as .NET Framework's HttpClientHandler is, and so is
/// the nearer stand-in for Windows PowerShell 5.1. Neither is .NET Framework's own code.
/// </summary>
internal static class MonoHttpStack
{
    /// <summary>Set to <c>MonoWebRequestHandler</c> to run every client on the HttpWebRequest stack.</summary>
    public const string Variable = "DATASOURCES_MONO_HTTP_STACK";

    public static string Requested => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } name ? name : "SocketsHttpHandler";

    [ModuleInitializer]
    internal static void Select()
    {
        if (Requested != "MonoWebRequestHandler") return;
        var http = typeof(HttpClientHandler).Assembly;
        var stack = http.GetType("System.Net.Http.MonoWebRequestHandler", throwOnError: true)!;
        var wrap = typeof(HttpClientHandler).GetConstructor(
            BindingFlags.Instance | BindingFlags.NonPublic, null, [http.GetType("System.Net.Http.IMonoHttpClientHandler", throwOnError: true)!], null)!;
        HttpExchange.NewHandler = () => (HttpClientHandler)wrap.Invoke([Activator.CreateInstance(stack, nonPublic: true)]);
    }

    /// <summary>The stack under a handler the client would use now, e.g. <c>SocketsHttpHandler</c>.</summary>
    public static string Current()
    {
        using var handler = HttpExchange.NewHandler();
        var field = typeof(HttpClientHandler).GetField("_delegatingHandler", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("Not Mono's HttpClientHandler.");
        return field.GetValue(handler)!.GetType().Name;
    }
}
