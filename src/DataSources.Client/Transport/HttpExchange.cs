using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>
/// The HTTP exchange over one reused HttpClient: the connection's handler and headers, a timeout
/// per attempt, streaming envelope reading, redacted debug, and the text of each failure.
/// </summary>
internal sealed class HttpExchange : IHttpExchange
{
    // What a body may still hold after the parser's last token (a newline, the end of a chunked
    // body) that is read here so that the connection can be reused; more is left to the handler.
    private const int MaxDrainBytes = 64 * 1024;

    // SecurityProtocolType.SystemDefault (.NET Framework 4.7+): the OS chooses, TLS 1.3 included.
    private const SecurityProtocolType SystemDefaultProtocols = 0;

    // How long the rest of an answer that has been read may take to arrive before the connection is given up instead.
    private static readonly TimeSpan DrainPatience = TimeSpan.FromSeconds(2);

    // .NET Framework, and Mono that copies its networking API: there HttpClientHandler is built on
    // HttpWebRequest (or may be), so ServicePointManager and the process-wide default proxy apply.
    private static readonly bool HasNetFrameworkNetworking =
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal)
        || Type.GetType("Mono.Runtime") != null;

    private readonly HttpClient _http;
    private readonly string _baseAddress;
    private readonly IRequestLog? _log;

    // The values of the user's own headers (a gateway's client secret): scrubbed like the token.
    private readonly IReadOnlyList<string> _headerValues;

    // Set by Dispose, which may come from another thread while requests are in flight: a connection
    // closed by Disconnect-DataSourceService while a thread job or another runspace uses it.
    private volatile bool _closed;

    public HttpExchange(DataSourceConnectionSettings settings, IRequestLog? log)
    {
        Settings = settings;
        _log = log;
        _baseAddress = settings.BaseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _http = new HttpClient(CreateHandler(settings), disposeHandler: true)
        {
            // Each attempt has its own timeout (see SendAsync), which also covers reading the body.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(settings.UserAgent);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        // Revealed once: every request carries them, as every request carries the token.
        var headerValues = new List<string>();
        foreach (var header in settings.Headers)
        {
            var value = header.Value is System.Security.SecureString secure ? SecretText.Reveal(secure) : (string)header.Value;
            _http.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, value);
            headerValues.Add(value);
        }

        _headerValues = headerValues;

        // .NET Framework (and Mono's HttpWebRequest stack) send "Expect: 100-continue" with every
        // body unless told not to: a round trip more per POST and PATCH, or a 350 ms stall behind
        // a proxy that does not answer 100. The API never refuses a body it would want to see.
        _http.DefaultRequestHeaders.ExpectContinue = false;
    }

    /// <summary>Makes each connection's handler. Tests on Mono swap in its other HTTP stack; nothing else sets it.</summary>
    internal static Func<HttpClientHandler> NewHandler { get; set; } = () => new HttpClientHandler();

    private DataSourceConnectionSettings Settings { get; }

    private string Host => Settings.BaseUri.Authority;

    public async Task<ApiResponse<T>> SendAsync<T>(
        ApiRequest request, string? token, Func<JsonReader, T> readData, CancellationToken cancellationToken)
    {
        using (var message = new HttpRequestMessage(new HttpMethod(request.Method), _baseAddress + request.Path))
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            if (request.Body != null)
            {
                message.Content = new ByteArrayContent(request.Body.Bytes);
                message.Content.Headers.ContentType = new MediaTypeHeaderValue(request.Body.ContentType) { CharSet = "utf-8" };
                if (_log != null && _log.IsDebugEnabled)
                {
                    _log.Debug($"{request.Describe()} request body: {request.Body.DebugText}");
                }
            }

            if (token != null)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            timeout.CancelAfter(Settings.Timeout);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException || exception is HttpRequestException || exception is ObjectDisposedException)
            {
                throw ConnectionFailure(request, exception, answerStarted: false, cancellationToken);
            }

            using (response)
            using (timeout.Token.Register(response.Dispose))
            {
                try
                {
                    return await ReadAsync(request, token, response, readData, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception exception) when (timeout.IsCancellationRequested && (exception is AttemptFailure || IsBrokenRead(exception)))
                {
                    // The body was cut by cancellation or the timeout: whatever the handler or the
                    // parser made of the rest (a reset, a disposed stream, bad JSON), that is what happened.
                    throw ConnectionFailure(request, new OperationCanceledException(timeout.Token), answerStarted: true, cancellationToken);
                }
                catch (Exception exception) when (IsBrokenRead(exception))
                {
                    throw ConnectionFailure(request, exception, answerStarted: true, cancellationToken);
                }
            }
        }
    }

    public bool IsClosed => _closed;

    public void Dispose()
    {
        _closed = true;
        _http.Dispose();
    }

    private static HttpClientHandler CreateHandler(DataSourceConnectionSettings settings)
    {
        var handler = NewHandler();
        handler.AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate;
        handler.AllowAutoRedirect = false;
        handler.UseCookies = false;
        handler.UseProxy = true;
        if (settings.Proxy == null && settings.BaseUri.IsLoopback)
        {
            // A local emulator is never behind the system proxy, whatever http_proxy says.
            handler.UseProxy = false;
        }
        else if (settings.Proxy != null)
        {
            handler.Proxy = new WebProxy(settings.Proxy) { Credentials = settings.ProxyCredential };
        }
        else if (settings.ProxyCredential != null && HasNetFrameworkNetworking)
        {
            // There DefaultProxyCredentials sets the credentials of the process-wide default proxy
            // (or, on Mono's HttpWebRequest stack, throws): this connection's own copy instead.
            handler.Proxy = new DefaultProxyWithCredentials(WebRequest.DefaultWebProxy, settings.ProxyCredential);
        }
        else if (settings.ProxyCredential != null)
        {
            handler.DefaultProxyCredentials = settings.ProxyCredential;
        }

        if (settings.SkipCertificateCheck)
        {
            handler.ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true;
        }

        try
        {
            handler.MaxConnectionsPerServer = DataSourceConnectionSettings.MaxConnectionsPerServer;
        }
        catch (Exception unsupported) when (unsupported is PlatformNotSupportedException || unsupported is NotImplementedException)
        {
            // .NET Framework before 4.7.1 does not support it, Mono's HttpWebRequest stack does not
            // implement it: there the limit lives on the ServicePoint, set below.
        }

        if (HasNetFrameworkNetworking)
        {
            var servicePoint = ServicePointManager.FindServicePoint(settings.BaseUri);
            servicePoint.ConnectionLimit = Math.Max(servicePoint.ConnectionLimit, DataSourceConnectionSettings.MaxConnectionsPerServer);

            // Windows PowerShell 5.1 may start with only SSL 3 and TLS 1.0 enabled, and servers today
            // want TLS 1.2: it is added, nothing is removed. SystemDefault (0) already lets the OS
            // choose; adding a flag to it would pin TLS 1.2 alone for every module in the process.
            var protocols = ServicePointManager.SecurityProtocol;
            if (protocols != SystemDefaultProtocols && (protocols & SecurityProtocolType.Tls12) == 0)
            {
                ServicePointManager.SecurityProtocol = protocols | SecurityProtocolType.Tls12;
            }
        }

        return handler;
    }

    // [inferred] The router's 401 by IP address carries no reason of its own: at most the status's name.
    private static bool SaysNoMoreThanUnauthorized(object? serverMessage)
    {
        var said = ResponseParser.Flatten(serverMessage).Trim().TrimEnd('.');
        return said.Length == 0 || string.Equals(said, "Unauthorized", StringComparison.OrdinalIgnoreCase);
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static ApiErrorKind KindOf(int status)
    {
        switch (status)
        {
            case 401:
                return ApiErrorKind.Authentication;
            case 403:
                return ApiErrorKind.PermissionDenied;
            case 404:
                return ApiErrorKind.NotFound;
            case 409:
                return ApiErrorKind.Conflict;
            case 429:
                return ApiErrorKind.Throttled;
            default:
                return status >= 500 ? ApiErrorKind.Server : ApiErrorKind.InvalidRequest;
        }
    }

    // Only where it leads: a login URL's query carries state and return addresses, not worth showing.
    private static string LocationOf(HttpResponseMessage response)
    {
        var location = response.Headers.Location;
        if (location == null)
        {
            return "(no Location header)";
        }

        return location.IsAbsoluteUri ? location.GetLeftPart(UriPartial.Path) : location.OriginalString.Split('?')[0];
    }

    private static string StatusText(HttpResponseMessage response) =>
        ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)
        + (string.IsNullOrEmpty(response.ReasonPhrase) ? string.Empty : " " + response.ReasonPhrase);

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is TimeSpan delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is DateTimeOffset date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    // True when the failure happened before the request could reach the server (refused, unknown host).
    private static bool FailedBeforeSending(Exception exception)
    {
        for (var inner = exception; inner != null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                switch (socket.SocketErrorCode)
                {
                    case SocketError.ConnectionRefused:
                    case SocketError.HostNotFound:
                    case SocketError.HostUnreachable:
                    case SocketError.NetworkUnreachable:
                    case SocketError.TryAgain:
                    case SocketError.NoData:
                    case SocketError.AddressNotAvailable:
                        return true;
                }
            }

            if (inner is WebException web
                && (web.Status == WebExceptionStatus.ConnectFailure
                    || web.Status == WebExceptionStatus.NameResolutionFailure
                    || web.Status == WebExceptionStatus.ProxyNameResolutionFailure))
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException != null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }

    private static bool Contains<TException>(Exception exception)
        where TException : Exception
    {
        for (var inner = exception; inner != null; inner = inner.InnerException)
        {
            if (inner is TException)
            {
                return true;
            }
        }

        return false;
    }


    // WebException: .NET Framework's and Mono's HttpWebRequest streams throw it from a read when the
    // connection is aborted (the response disposed at the timeout), where SocketsHttpHandler throws
    // an IOException. Without it a stalled body could reach a Windows PowerShell user as a raw
    // WebException, not a Timeout.
    private static bool IsBrokenRead(Exception exception) =>
        exception is IOException || exception is ObjectDisposedException || exception is WebException
        || exception is OperationCanceledException || exception is HttpRequestException;

    // Reads what the parser left of an answer it has read whole (a newline after the JSON, the
    // end of a chunked body), so that the connection goes back to the pool on every handler,
    // whether or not the handler drains a body itself when it is disposed unread.
    private static async Task DrainAsync(Stream content)
    {
        var scratch = new byte[1024];
        var drained = 0;
        try
        {
            while (drained <= MaxDrainBytes)
            {
                var read = content.ReadAsync(scratch, 0, scratch.Length);
                if (!read.IsCompleted && await Task.WhenAny(read, Task.Delay(DrainPatience)).ConfigureAwait(false) != read)
                {
                    CancellableReadStream.Abandon(read);
                    return;
                }

                var length = await read.ConfigureAwait(false);
                if (length == 0)
                {
                    return;
                }

                drained += length;
            }
        }
        catch (Exception broken) when (IsBrokenRead(broken))
        {
            // The answer was read: only the connection is not reused.
        }
    }

    private async Task<ApiResponse<T>> ReadAsync<T>(
        ApiRequest request, string? token, HttpResponseMessage response, Func<JsonReader, T> readData, CancellationToken attempt)
    {
        var status = (int)response.StatusCode;
        Stream content = new CancellableReadStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), attempt);
        var stream = content;
        if (_log != null && _log.IsDebugEnabled)
        {
            // Debug only: the body is buffered to show it; normal reading streams it.
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer).ConfigureAwait(false);
            buffer.Position = 0;
            var text = new StreamReader(buffer, System.Text.Encoding.UTF8, true, 4096, leaveOpen: true).ReadToEnd();
            _log.Debug($"{request.Describe()} answered {StatusText(response)}: {Redaction.RedactJson(text, SecretsOf(request, token))}");
            buffer.Position = 0;
            stream = buffer;
        }

        var (body, start) = await ResponseParser.SniffAsync(stream).ConfigureAwait(false);
        if (status >= 200 && status < 300)
        {
            if (start != ResponseParser.BodyStart.Json)
            {
                var what = await ResponseParser.DescribeNonJsonAsync(body, start, response).ConfigureAwait(false);
                await DrainAsync(content).ConfigureAwait(false);
                var text = $"The server answered {StatusText(response)} to {request.Describe()} with {what} instead of JSON.";
                if (request.Authenticated && ResponseParser.IsHtml(response, what))
                {
                    // A login proxy that followed its own redirect: the page asks for a login, so the token
                    // was not taken. Nothing was applied; logging in again may cure it.
                    throw new AttemptFailure(
                        ApiErrorKind.Authentication,
                        Redaction.Scrub(text + " That is a login page: the server did not accept the token.", SecretsOf(request, token)),
                        status)
                    { Summary = "login page" };
                }

                throw new AttemptFailure(ApiErrorKind.InvalidResponse, Redaction.Scrub(text, SecretsOf(request, token)), status)
                {
                    Summary = "not JSON",
                    Cause = FailureCause.UnreadableSuccess,
                };
            }

            ApiResponse<T> success;
            try
            {
                success = ResponseParser.ReadSuccess(body, response.Content.Headers.ContentLength, status, request, readData);
            }
            catch (DataSourceApiException invalid)
            {
                throw new AttemptFailure(invalid.Kind, invalid.Message, status, inner: invalid.InnerException)
                {
                    Summary = "invalid answer",
                    Cause = FailureCause.UnreadableSuccess,
                };
            }

            await DrainAsync(content).ConfigureAwait(false);
            return success;
        }

        if (status >= 300 && status < 400)
        {
            await DrainAsync(content).ConfigureAwait(false);
            var location = Redaction.Scrub(LocationOf(response), SecretsOf(request, token));
            if (request.Authenticated && status != 301 && status != 308)
            {
                // What a login proxy (oauth2-proxy) does with a missing or expired token: a temporary
                // redirect to its login page. Nothing was applied. (A permanent one says the API moved.)
                throw new AttemptFailure(
                    ApiErrorKind.Authentication,
                    $"The server answered {StatusText(response)} to {request.Describe()}, redirecting to the login page '{location}': it did not accept the token.",
                    status)
                { Summary = "redirect to login" };
            }

            throw new AttemptFailure(
                ApiErrorKind.InvalidResponse,
                $"The server answered {StatusText(response)} to {request.Describe()}, redirecting to '{location}'. Use the address the server redirects to.",
                status)
            { Summary = "redirect" };
        }

        var failure = await ErrorFailureAsync(request, SecretsOf(request, token), response, body, start).ConfigureAwait(false);
        await DrainAsync(content).ConfigureAwait(false);
        throw failure;
    }

    // What must not appear in any text made from this request's answer: the secrets it sent, the user's headers, and the token.
    private IReadOnlyList<string> SecretsOf(ApiRequest request, string? token)
    {
        var secrets = new List<string>(request.Body?.Secrets ?? Array.Empty<string>());
        secrets.AddRange(_headerValues);
        if (token != null)
        {
            secrets.Add(token);
        }

        return secrets;
    }

    private async Task<AttemptFailure> ErrorFailureAsync(
        ApiRequest request, IReadOnlyList<string> secrets, HttpResponseMessage response, Stream body, ResponseParser.BodyStart start)
    {
        var status = (int)response.StatusCode;
        object? serverMessage = null;
        string? serverCode = null;
        string text;
        if (start == ResponseParser.BodyStart.Json)
        {
            var (message, code) = ResponseParser.ReadError(body);
            serverMessage = Redaction.ScrubData(message, secrets);
            serverCode = code;
            var detail = ResponseParser.Flatten(serverMessage);
            text = detail.Length == 0
                ? $"The server answered {StatusText(response)} to {request.Describe()}."
                : $"{detail} ({StatusText(response)} from {request.Describe()})";
        }
        else
        {
            var what = await ResponseParser.DescribeNonJsonAsync(body, start, response).ConfigureAwait(false);
            text = Redaction.Scrub($"The server answered {StatusText(response)} to {request.Describe()} with {what} instead of JSON.", secrets);
        }

        var kind = KindOf(status);
        if (status == 404 && !(request.Route.EndsWith("/{id}", StringComparison.Ordinal) && start == ResponseParser.BodyStart.Json))
        {
            // The API answers 404 for a missing data source, in JSON, on the by-id routes only:
            // any other 404 says the address has no such route, not that a data source is missing.
            kind = ApiErrorKind.InvalidResponse;
            text = SentenceText.Then(text, request.ApiVersion == null
                ? "The server has no such route: check that the address is the server's root."
                : $"The server has no such route: check that the address is the server's root and that it offers API {request.ApiVersion}.");
        }

        if (status == 403 && start != ResponseParser.BodyStart.Json)
        {
            // The API's own 403 is JSON; a page is a gateway's (Cloudflare Access: "error code: 1010").
            text = SentenceText.Then(text, "A gateway in front of the server refused the request: if it wants headers of its own (Cloudflare Access's service token, say), give them with Connect-DataSourceService -Headers.");
        }

        // Keycloak's invalid_grant is a real verdict on the credentials, and so is a 401 that says
        // why (a malformed token, a wrong password at /auth): the request reached the API. Any other
        // 401 to an IP address, bare or a page, may be the router's.
        if (status == 401 && serverCode != "invalid_grant" && Settings.BaseUri.HostNameType != UriHostNameType.Dns
            && (start != ResponseParser.BodyStart.Json || SaysNoMoreThanUnauthorized(serverMessage)))
        {
            text += $" A server routed by host name answers 401 on every path to a bare IP address such as {Settings.BaseUri.Host}: if the credentials are right, connect with the server's host name.";
        }

        return new AttemptFailure(kind, text, status, serverMessage)
        {
            ServerCode = serverCode,
            Summary = StatusText(response),
            RetryAfter = RetryAfterOf(response),
            ItemFailures = ItemFailureList.Parse(serverMessage, status),
            Cause = FailureCause.ErrorStatus,
        };
    }

    private AttemptFailure ConnectionFailure(ApiRequest request, Exception exception, bool answerStarted, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        if (_closed)
        {
            // Disposing the HttpClient cancels what is in flight, and refuses what comes after.
            return exception is ObjectDisposedException && !answerStarted
                ? new AttemptFailure(ApiErrorKind.Connection, $"The connection to {Host} was closed before {request.Describe()} was sent: nothing was sent.", inner: exception)
                { Summary = "connection closed", Cause = FailureCause.NotSent }
                : new AttemptFailure(ApiErrorKind.Connection, $"The connection to {Host} was closed while {request.Describe()} waited for its answer.", inner: exception)
                { Summary = "connection closed", Cause = FailureCause.Interrupted };
        }

        AttemptFailure failure;
        var notSent = !answerStarted && FailedBeforeSending(exception);
        if (exception is OperationCanceledException)
        {
            failure = new AttemptFailure(
                ApiErrorKind.Timeout,
                $"No {(answerStarted ? "complete " : string.Empty)}answer to {request.Describe()} from {Host} within {Seconds(Settings.Timeout)} s.",
                inner: exception)
            { Summary = "timed out", Cause = notSent ? FailureCause.NotSent : FailureCause.Interrupted };
        }
        else if (Contains<AuthenticationException>(exception))
        {
            // A certificate problem does not go away by retrying. A handshake that fails without one
            // (a corrupted frame) is mostly an https:// address of a server that speaks plain http.
            var reason = Innermost(exception).Message;
            var hint = reason.IndexOf("certificate", StringComparison.OrdinalIgnoreCase) >= 0
                ? "If this is a test server with a self-signed certificate, skip the certificate check."
                : "If the server speaks plain http at this address, use an http:// address.";
            return new AttemptFailure(
                ApiErrorKind.Connection,
                $"The secure connection to {Host} failed: {SentenceText.Ended(reason)} {hint}",
                inner: exception)
            { Summary = "TLS failed" };
        }
        else if (notSent)
        {
            failure = new AttemptFailure(
                ApiErrorKind.Connection,
                $"Could not connect to {Host}: {SentenceText.Ended(Innermost(exception).Message)}",
                inner: exception)
            { Summary = "connection failed", Cause = FailureCause.NotSent };
        }
        else
        {
            failure = new AttemptFailure(
                ApiErrorKind.Connection,
                $"The connection to {Host} broke before the answer to {request.Describe()} {(answerStarted ? "was complete" : "arrived")} ({Innermost(exception).Message}).",
                inner: exception)
            { Summary = "connection broke", Cause = FailureCause.Interrupted };
        }

        return failure;
    }
}
