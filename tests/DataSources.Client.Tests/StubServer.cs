using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DataSources.Client.Tests;

/// <summary>
/// A bare HTTP/1.1 server on a loopback port that answers every request with the test's handler:
/// for answers the emulator never gives (a 200 without data, a truncated or stalled body) and to
/// see the wire as the client wrote it. Written on a TcpListener, not Kestrel, so that it runs on
/// both legs (net10.0, and net472 under Mono) and nothing between the socket and the test rewrites
/// a header.
/// </summary>
public sealed class StubServer : IDisposable
{
    private readonly TcpListener listener;
    private readonly Func<StubExchange, Task> handler;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<TcpClient> connections = new();
    private int connectionCount;

    private StubServer(Func<StubExchange, Task> handler)
    {
        this.handler = handler;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        _ = AcceptAsync();
    }

    public Uri BaseUri { get; }

    /// <summary>Every request received, in order, as it came over the wire.</summary>
    public ConcurrentQueue<StubRequest> Requests { get; } = new();

    /// <summary>How many TCP connections clients opened to this server.</summary>
    public int ConnectionCount => Volatile.Read(ref connectionCount);

    public static StubServer Start(Func<StubExchange, Task> handler) => new(handler);

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
        while (connections.TryDequeue(out var connection)) connection.Close();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await listener.AcceptTcpClientAsync();
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref connectionCount);
            connections.Enqueue(connection);
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(TcpClient connection)
    {
        try
        {
            using (connection)
            {
                var stream = connection.GetStream();
                var reader = new WireReader(stream);
                while (!stopping.IsCancellationRequested)
                {
                    var request = await reader.ReadRequestAsync(stream);
                    if (request is null) return;
                    Requests.Enqueue(request);
                    var exchange = new StubExchange(request);
                    try
                    {
                        await handler(exchange);
                    }
                    catch (Exception failure) when (!stopping.IsCancellationRequested)
                    {
                        // An assertion in the handler: answer so that the client fails now, and say why.
                        exchange = new StubExchange(request);
                        exchange.Response.StatusCode = 500;
                        exchange.Response.ContentType = "text/plain";
                        await exchange.Response.WriteAsync("The stub's handler failed: " + failure.Message);
                    }

                    if (!await exchange.Response.WriteToAsync(stream, stopping.Token)) return;
                }
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
            // The client closed or reset the connection: what a client does, not a failure of the stub.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Reads requests off one connection, keeping what was read beyond the current one.</summary>
    private sealed class WireReader(NetworkStream stream)
    {
        private readonly byte[] buffer = new byte[64 * 1024];
        private int start;
        private int end;

        public async Task<StubRequest?> ReadRequestAsync(NetworkStream output)
        {
            int headEnd;
            while ((headEnd = IndexOfHeadEnd()) < 0)
            {
                if (!await FillAsync()) return null;
            }

            var head = Encoding.ASCII.GetString(buffer, start, headEnd - start);
            start = headEnd + 4;
            var lines = head.Split(["\r\n"], StringSplitOptions.None);
            var requestLine = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':');
                headers[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
            }

            if (headers.TryGetValue("Expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
            {
                // What a server does: the client holds the body back until it hears this (or gives up waiting).
                var interim = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n");
                await output.WriteAsync(interim, 0, interim.Length);
            }

            var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : 0;
            while (end - start < length)
            {
                if (!await FillAsync()) return null;
            }

            var body = new byte[length];
            Buffer.BlockCopy(buffer, start, body, 0, length);
            start += length;
            return new StubRequest(requestLine[0], requestLine[1], headers, head, body);
        }

        private int IndexOfHeadEnd()
        {
            for (var i = start; i + 3 < end; i++)
            {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') return i;
            }

            return -1;
        }

        private async Task<bool> FillAsync()
        {
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length) throw new InvalidDataException("A request larger than the stub's buffer.");
            var read = await stream.ReadAsync(buffer, end, buffer.Length - end);
            end += read;
            return read > 0;
        }
    }
}

/// <summary>One request and the answer the test's handler gives to it.</summary>
public sealed class StubExchange(StubRequest request)
{
    public StubRequest Request { get; } = request;

    public StubResponse Response { get; } = new();
}

/// <summary>A request as the stub received it.</summary>
public sealed class StubRequest(string method, string target, IReadOnlyDictionary<string, string> headers, string head, byte[] body)
{
    public string Method { get; } = method;

    /// <summary>The path and query, as on the request line.</summary>
    public string Target { get; } = target;

    /// <summary>The headers, by case-insensitive name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    /// <summary>The request line and the headers, exactly as they came over the wire.</summary>
    public string Head { get; } = head;

    public byte[] Body { get; } = body;

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;

    /// <summary>The path, without the query.</summary>
    public string Path => Target.Split('?')[0];

    /// <summary>A form-encoded body's fields.</summary>
    public Dictionary<string, string> Form() =>
        Encoding.UTF8.GetString(Body)
            .Split(['&'], StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split(['='], 2))
            .ToDictionary(pair => Decode(pair[0]), pair => pair.Length > 1 ? Decode(pair[1]) : string.Empty);

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}

/// <summary>What the stub sends back: buffered, then written with a Content-Length unless told otherwise.</summary>
public sealed class StubResponse
{
    private readonly MemoryStream body = new();
    private readonly List<int> chunkEnds = [];

    public int StatusCode { get; set; } = 200;

    public string? ContentType { get; set; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Send the body in chunks (Transfer-Encoding: chunked), as streaming servers do, one chunk per write.</summary>
    public bool Chunked { get; set; }

    /// <summary>Send the headers and this many bytes of the body, then nothing more until the stub is disposed.</summary>
    public int? StallAfterBytes { get; set; }


    public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

    public Task WriteAsync(byte[] bytes)
    {
        body.Write(bytes, 0, bytes.Length);
        chunkEnds.Add((int)body.Length);
        return Task.CompletedTask;
    }

    /// <summary>Writes the answer; false when the connection must close after it (a stalled answer never completes).</summary>
    internal async Task<bool> WriteToAsync(Stream stream, CancellationToken stopping)
    {
        var content = body.ToArray();
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ReasonPhrase(StatusCode)).Append("\r\n");
        if (ContentType is not null) head.Append($"Content-Type: {ContentType}\r\n");
        foreach (var header in Headers) head.Append($"{header.Key}: {header.Value}\r\n");
        head.Append(Chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + content.Length.ToString(CultureInfo.InvariantCulture) + "\r\n");
        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        await stream.WriteAsync(headBytes, 0, headBytes.Length, stopping);

        if (StallAfterBytes is int sent)
        {
            await stream.WriteAsync(content, 0, Math.Min(sent, content.Length), stopping);
            await stream.FlushAsync(stopping);
            await Task.Delay(Timeout.Infinite, stopping);
            return false;
        }

        if (!Chunked)
        {
            await stream.WriteAsync(content, 0, content.Length, stopping);
            return true;
        }

        var from = 0;
        foreach (var chunkEnd in chunkEnds)
        {
            var size = Encoding.ASCII.GetBytes(((chunkEnd - from).ToString("x", CultureInfo.InvariantCulture)) + "\r\n");
            await stream.WriteAsync(size, 0, size.Length, stopping);
            await stream.WriteAsync(content, from, chunkEnd - from, stopping);
            await stream.WriteAsync([(byte)'\r', (byte)'\n'], 0, 2, stopping);
            from = chunkEnd;
        }

        var last = Encoding.ASCII.GetBytes("0\r\n\r\n");
        await stream.WriteAsync(last, 0, last.Length, stopping);
        return true;
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        407 => "Proxy Authentication Required",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
