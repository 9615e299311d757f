namespace DataSources.Client.Tests;

/// <summary>An emulator that one test has to itself until it gives it back.</summary>
public sealed class EmulatorLease(Uri baseUri, Func<Task> release)
{
    /// <summary>The emulator's address with a trailing slash, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseUri { get; } = baseUri;

    public Task ReleaseAsync() => release();
}
