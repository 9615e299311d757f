namespace DataSources.Client.Tests;

public sealed class CancellationTests : ClientTest
{
    protected override string[] ServerArgs => ["--seed-count", "100"];

    [Fact]
    public async Task Cancelling_mid_listing_asks_for_no_page_beyond_those_read_ahead()
    {
        var client = Client();
        await client.ConnectAsync(Timeout);
        using var cancel = new CancellationTokenSource();
        var read = new List<DataSource>();

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var source in client.Filter(FilterQuery.All, new FilterOptions { PageSize = 10 }, cancel.Token))
            {
                read.Add(source);
                if (read.Count == 15) cancel.Cancel();
            }
        });

        // Pages 2 and 3 were asked for at the sixth item; the third may be cancelled before it is
        // sent. Nothing is asked for after the cancel.
        Assert.Equal(15, read.Count);
        var asked = await CountAsync(FilterRoute);
        Assert.InRange(asked, 2, 3);
        await Task.Delay(300);
        Assert.Equal(asked, await CountAsync(FilterRoute));
    }

    [Fact]
    public async Task Cancelling_during_a_backoff_wait_ends_the_call_without_waiting_it_out()
    {
        using var cancel = new CancellationTokenSource();
        var log = new RecordingLog(debug: false, onRequest: entry =>
        {
            if (entry.Outcome?.Contains("retrying") == true) cancel.Cancel();
        });
        var client = Client(s => s.MaxRetryTime = TimeSpan.FromMinutes(10), log: log);
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { statuses = new[] { 503 }, retryAfterSeconds = 300, routes = new[] { "GET *" } });

        var call = client.GetAsync("0123456789abcdef01234567", cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Patience));
        Assert.Equal(1, await CountAsync(GetRoute));
    }

    [Fact]
    public async Task Cancelling_while_the_server_is_slow_ends_the_call()
    {
        var client = Client();
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { latencyMs = 60000, routes = new[] { "POST */filter" } });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.GetFilterPageAsync(FilterQuery.All, 0, 10, cancel.Token).WaitAsync(Patience));
    }

    [Fact]
    public async Task A_client_closed_while_a_listing_waits_for_a_page_fails_it_with_what_happened_and_sends_nothing_more()
    {
        var client = Client();
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { latencyMs = 60000, routes = new[] { "POST */filter" } });
        var page = client.GetFilterPageAsync(FilterQuery.All, 0, 10, Timeout);
        await Task.Delay(300);

        client.Dispose();
        var inFlight = await Assert.ThrowsAsync<DataSourceApiException>(() => page.WaitAsync(Patience));
        var after = await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetAsync("0123456789abcdef01234567", Timeout).WaitAsync(Patience));

        Assert.Equal(ApiErrorKind.Connection, inFlight.Kind);
        Assert.Contains("was closed while POST", inFlight.Message);
        Assert.False(inFlight.NeverReachedServer);
        Assert.Contains("was closed before GET", after.Message);
        Assert.Contains("nothing was sent", after.Message);
        Assert.True(after.NeverReachedServer);
        Assert.Equal(0, await CountAsync(GetRoute));
    }

    [Fact]
    public async Task A_create_cancelled_before_it_starts_sends_nothing()
    {
        var client = Client();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CreateAsync([NewSource("never")], cancel.Token));

        Assert.Equal(0, await TotalRequestsAsync());
    }
}
