namespace DataSources.Client.Tests.Transport;

/// <summary>The transport's loop over a fake exchange: which failures go again, after which waits, and what comes back.</summary>
public sealed class ApiTransportTests
{
    private static readonly ApiRequest Get = new("GET", "/api/v3/thing", "/api/v3/thing", null, RetryMode.Idempotent, "v3", authenticated: false);
    private static readonly ApiRequest Create = new("POST", "/api/v3/things", "/api/v3/things", null, RetryMode.Create, "v3", authenticated: false);

    private static string? ReadString(Newtonsoft.Json.JsonReader reader) => (string?)reader.Value;

    [Fact]
    public async Task A_retryable_failure_goes_again_after_the_backoff_until_it_succeeds()
    {
        var waits = new RecordedWaits();
        var log = new RecordingLog(debug: false);
        var exchange = FakeExchange.Scripted(FakeExchange.Status(503), FakeExchange.Failure(FailureCause.Interrupted), "\"done\"");
        using var transport = new ApiTransport(exchange, waits.Policy(maxAttempts: 5), log);

        var response = await transport.SendAsync(Get, null, ReadString, CancellationToken.None);

        Assert.Equal("done", response.Data);
        Assert.Equal(3, exchange.Sent.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(125), TimeSpan.FromMilliseconds(250)], waits.Waits);
        Assert.Equal([1, 2, 3], log.Entries.Select(e => e.Attempt));
        Assert.Equal("503; retrying in 0.1 s", log.Entries.First().Outcome);
        Assert.Null(log.Entries.Last().Outcome);
    }

    [Fact]
    public async Task Retries_stop_at_the_last_attempt_and_the_error_says_how_many()
    {
        var waits = new RecordedWaits();
        var exchange = FakeExchange.Scripted(FakeExchange.Status(503));
        using var transport = new ApiTransport(exchange, waits.Policy(maxAttempts: 3), null);

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => transport.SendAsync(Get, null, ReadString, CancellationToken.None));

        Assert.Equal(503, error.StatusCode);
        Assert.EndsWith("Gave up after 3 attempts.", error.Message);
        Assert.Equal(3, exchange.Sent.Count);
        Assert.Equal(2, waits.Waits.Count);
    }

    [Fact]
    public async Task A_failure_of_an_exchange_closed_meanwhile_is_not_sent_again()
    {
        var waits = new RecordedWaits();
        FakeExchange? exchange = null;
        exchange = new FakeExchange((_, _) =>
        {
            // Closed from another thread while the attempt was in flight.
            exchange!.Dispose();
            return Task.FromResult<object>(FakeExchange.Failure(FailureCause.NotSent));
        });
        using var transport = new ApiTransport(exchange, waits.Policy(maxAttempts: 5), null);

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => transport.SendAsync(Get, null, ReadString, CancellationToken.None));

        Assert.True(error.NeverReachedServer);
        Assert.Single(exchange.Sent);
        Assert.Empty(waits.Waits);
    }

    [Fact]
    public async Task A_wait_beyond_the_retry_time_is_not_begun()
    {
        var waits = new RecordedWaits();
        var throttled = FakeExchange.Status(429, ApiErrorKind.Throttled);
        throttled.RetryAfter = TimeSpan.FromSeconds(600);
        var exchange = FakeExchange.Scripted(throttled);
        using var transport = new ApiTransport(exchange, waits.Policy(maxAttempts: 5, maxRetryTime: TimeSpan.FromSeconds(5)), null);

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => transport.SendAsync(Get, null, ReadString, CancellationToken.None));

        Assert.Contains("asked to wait 600 s, beyond the time allowed for retries (5 s)", error.Message);
        Assert.Single(exchange.Sent);
        Assert.Empty(waits.Waits);
    }

    [Fact]
    public async Task A_final_failure_is_not_sent_again()
    {
        var waits = new RecordedWaits();
        var exchange = FakeExchange.Scripted(FakeExchange.Status(400, ApiErrorKind.InvalidRequest), "\"never\"");
        using var transport = new ApiTransport(exchange, waits.Policy(maxAttempts: 5), null);

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => transport.SendAsync(Get, null, ReadString, CancellationToken.None));

        Assert.Equal(ApiErrorKind.InvalidRequest, error.Kind);
        Assert.Equal("The server answered 400.", error.Message);
        Assert.False(error.MayHaveBeenApplied);
        Assert.Single(exchange.Sent);
        Assert.Empty(waits.Waits);
    }

    [Theory]
    [InlineData(true, 1, true)]
    [InlineData(false, 2, false)]
    public async Task A_gateway_failure_goes_again_unless_it_is_a_create_which_may_have_been_applied(bool create, int sends, bool mayHaveBeenApplied)
    {
        var exchange = FakeExchange.Scripted(FakeExchange.Status(502));
        using var transport = new ApiTransport(exchange, new RecordedWaits().Policy(maxAttempts: 2), null);

        var error = await Assert.ThrowsAsync<DataSourceApiException>(
            () => transport.SendAsync(create ? Create : Get, null, ReadString, CancellationToken.None));

        Assert.Equal(sends, exchange.Sent.Count);
        Assert.Equal(mayHaveBeenApplied, error.MayHaveBeenApplied);
    }

    [Fact]
    public async Task A_refused_token_is_renewed_once_per_request_and_a_second_refusal_is_the_error()
    {
        var logins = 0;
        var exchange = new FakeExchange((request, token) => Task.FromResult<object>(
            request.Authenticated
                ? FakeExchange.Status(401, ApiErrorKind.Authentication)
                : $"{{\"access_token\": \"token{Interlocked.Increment(ref logins)}\"}}"));
        var log = new RecordingLog(debug: false);
        using var transport = new ApiTransport(exchange, new RecordedWaits().Policy(maxAttempts: 5), log);
        using var session = new TokenSession(new PasswordCredential("ann", FakeExchange.Secure("pw")), transport, "v3");
        var request = new ApiRequest("GET", "/api/v3/thing", "/api/v3/thing", null, RetryMode.Idempotent, "v3");

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => transport.SendAsync(request, session, ReadString, CancellationToken.None));

        Assert.Equal(ApiErrorKind.Authentication, error.Kind);
        Assert.StartsWith("The server refused the token it had just issued to 'ann'", error.Message);
        Assert.Equal(2, logins);
        Assert.Equal(["token1", "token2"], exchange.Sent.Where(s => s.Path == request.Path).Select(s => s.Token));
        Assert.Equal([1, 1], log.Entries.Where(e => e.Path == request.Path).Select(e => e.Attempt));
        Assert.Equal("token refused; logging in again", log.Entries.First(e => e.Path == request.Path).Outcome);
    }

    [Fact]
    public async Task Disposing_the_transport_disposes_its_exchange()
    {
        var exchange = FakeExchange.Scripted("\"x\"");
        var transport = new ApiTransport(exchange, new RecordedWaits().Policy(maxAttempts: 1), null);

        transport.Dispose();

        Assert.True(exchange.Disposed);
    }
}
