using System.Diagnostics;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;

namespace DataSources.Client.Tests;

/// <summary>One emulator started as <c>dotnet DataSources.Emulator.dll --urls http://127.0.0.1:0 ARGS</c>.</summary>
public sealed class EmulatorProcess : IDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);
    private static readonly Regex Listening = new(@"Emulator listening on (\S+)");

    private readonly Process process;
    private readonly HttpClient control;

    private EmulatorProcess(Process process, Uri baseUri)
    {
        this.process = process;
        BaseUri = baseUri;
        control = new HttpClient { BaseAddress = baseUri };
    }

    public Uri BaseUri { get; }

    public bool HasExited => process.HasExited;

    public static async Task<EmulatorProcess> StartAsync(string emulatorDll, string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            Arguments = string.Join(" ", new[] { emulatorDll, "--urls", "http://127.0.0.1:0" }.Concat(args).Select(Quote)),
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("The emulator did not start.");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();

        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            var match = e.Data is null ? null : Listening.Match(e.Data);
            if (match is { Success: true }) address.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
            if (e.Data is null) address.TrySetException(new InvalidOperationException("The emulator ended before it listened."));
        };
        process.BeginOutputReadLine();

        if (await Task.WhenAny(address.Task, Task.Delay(StartPatience)) != address.Task || address.Task.IsFaulted)
        {
            if (!process.HasExited) process.Kill();
            string detail;
            lock (errors) detail = errors.ToString();
            throw new InvalidOperationException($"The emulator ({emulatorDll}) did not start within {StartPatience.TotalSeconds} s. {detail}");
        }

        return new EmulatorProcess(process, await address.Task);
    }

    /// <summary>Back to what a new emulator started with the same arguments holds.</summary>
    public async Task ResetAsync(int seedCount)
    {
        await SendAsync(HttpMethod.Post, "_emulator/reset", "{\"seedCount\":" + seedCount + "}");
        await SendAsync(HttpMethod.Delete, "_emulator/faults", null);
        await SendAsync(HttpMethod.Delete, "_emulator/behaviour", null);
        await SendAsync(HttpMethod.Delete, "_emulator/stats", null);
    }

    public void Dispose()
    {
        control.Dispose();
        try
        {
            if (!process.HasExited) process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }

        process.Dispose();
    }

    private static string Quote(string argument) => argument.Length > 0 && argument.IndexOfAny([' ', '"']) < 0 ? argument : "\"" + argument.Replace("\"", "\\\"") + "\"";

    private async Task SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await control.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
