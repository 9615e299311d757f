using System.Collections.Concurrent;
using System.Security;
using Newtonsoft.Json;

namespace DataSources.Client.Tests.Transport;

/// <summary>
/// An <see cref="IHttpExchange"/> that answers from a script, one step per attempt, and records what
/// it was sent: the transport's parts tested without a server. A step answers JSON (read with the
/// request's reader) or throws the <see cref="AttemptFailure"/> it returns.
/// </summary>
internal sealed class FakeExchange : IHttpExchange
{
    private readonly Func<ApiRequest, string?, Task<object>> _answer;

    /// <param name="answer">The answer to one attempt: a JSON text for a 200, or an <see cref="AttemptFailure"/> to throw.</param>
    public FakeExchange(Func<ApiRequest, string?, Task<object>> answer) => _answer = answer;

    /// <summary>Answers the attempts in turn with <paramref name="steps"/>, the last one again once they run out.</summary>
    public static FakeExchange Scripted(params object[] steps)
    {
        var next = 0;
        return new FakeExchange((_, _) => Task.FromResult(steps[Math.Min(Interlocked.Increment(ref next) - 1, steps.Length - 1)]));
    }

    /// <summary>Each attempt: the request's path and the token it carried.</summary>
    public ConcurrentQueue<(string Path, string? Token)> Sent { get; } = new();

    public bool Disposed { get; private set; }

    public async Task<ApiResponse<T>> SendAsync<T>(ApiRequest request, string? token, Func<JsonReader, T> readData, CancellationToken cancellationToken)
    {
        Sent.Enqueue((request.Path, token));
        var answer = await _answer(request, token);
        if (answer is AttemptFailure failure) throw failure;
        using var reader = new JsonTextReader(new StringReader((string)answer));
        reader.Read();
        return new ApiResponse<T>(200, readData(reader), null, null);
    }

    public void Dispose() => Disposed = true;

    public bool IsClosed => Disposed;

    public static AttemptFailure Status(int status, ApiErrorKind kind = ApiErrorKind.Server) =>
        new(kind, $"The server answered {status}.", status) { Cause = FailureCause.ErrorStatus, Summary = status.ToString() };

    public static AttemptFailure Failure(FailureCause cause, ApiErrorKind kind = ApiErrorKind.Connection) =>
        new(kind, $"Failed: {cause}.") { Cause = cause, Summary = cause.ToString() };

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        return secure;
    }
}

/// <summary>A retry policy that waits for nothing and keeps every wait it was asked for.</summary>
internal sealed class RecordedWaits
{
    public List<TimeSpan> Waits { get; } = [];

    public RetryPolicy Policy(int maxAttempts, TimeSpan? maxRetryTime = null, double jitter = 0) =>
        new(maxAttempts, maxRetryTime ?? TimeSpan.FromMinutes(1), () => jitter, (delay, _) =>
        {
            lock (Waits) Waits.Add(delay);
            return Task.CompletedTask;
        });
}
