using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace DataSources.Client;

/// <summary>
/// An answer's body whose every read, synchronous ones included, ends when the attempt's token is
/// cancelled. SocketsHttpHandler aborts the connection when a pending read's token is cancelled;
/// .NET Framework's and Mono's HttpWebRequest streams ignore the token, so a read that has not
/// finished by then is left behind (the response is disposed) instead of waited for.
/// </summary>
internal sealed class CancellableReadStream : ReadOnlyStream
{
    private readonly Stream _body;
    private readonly CancellationToken _cancellation;

    public CancellableReadStream(Stream body, CancellationToken cancellation)
    {
        _body = body;
        _cancellation = cancellation;
    }

    // The parser reads synchronously; a blocking read would not see the timeout.
    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = _body.ReadAsync(buffer, offset, count, _cancellation);
        if (!read.IsCompleted)
        {
            try
            {
                Task.WaitAny(new Task[] { read }, _cancellation);
            }
            catch (OperationCanceledException)
            {
                Abandon(read);
                throw;
            }
        }

        return read.GetAwaiter().GetResult();
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        using (var both = CancellationTokenSource.CreateLinkedTokenSource(_cancellation, cancellationToken))
        {
            var read = _body.ReadAsync(buffer, offset, count, both.Token);
            if (!read.IsCompleted)
            {
                var cancelled = Task.Delay(Timeout.Infinite, both.Token);
                if (await Task.WhenAny(read, cancelled).ConfigureAwait(false) != read)
                {
                    Abandon(read);
                    throw new OperationCanceledException(both.Token);
                }
            }

            return await read.ConfigureAwait(false);
        }
    }

    // The read ends later, failing once the response is disposed: observed, so it is not reported as unobserved.
    internal static void Abandon(Task<int> read) =>
        read.ContinueWith(ended => _ = ended.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
