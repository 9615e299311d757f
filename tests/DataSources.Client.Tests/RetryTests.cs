using System.Net;
using System.Net.Sockets;

namespace DataSources.Client.Tests;

public sealed class RetryTests : ClientTest
{
    [Fact]
    public async Task Idempotent_calls_ride_out_intermittent_gateway_errors_throttling_and_dropped_connections()
    {
        await ResetAsync(20);
        var client = Client(s => { s.MaxAttempts = 25; s.MaxRetryTime = TimeSpan.FromMinutes(1); });
        var ids = client.Filter(FilterQuery.All, new FilterOptions(), Timeout).Select(s => s.Id!).ToList();
        await SetFaultsAsync(new { rate = 0.3, statuses = new[] { 502, 503, 504, 429 }, retryAfterSeconds = 0, drop = "before", routes = new[] { "*" } });

        var listed = client.Filter(FilterQuery.All, new FilterOptions { PageSize = 4 }, Timeout).ToList();
        var many = await client.GetManyAsync(ids, Timeout);
        var one = await client.GetAsync(ids[0], Timeout);
        var patched = await client.UpdateAsync(ids[1], new DataSourcePatch().Set("note", "survived"), Timeout);

        Assert.Equal(ids, listed.Select(s => s.Id));
        Assert.Equal(ids, many.Found.Select(s => s.Id));
        Assert.Equal(ids[0], one.Id);
        Assert.Equal("survived", patched.Note);
    }

    [Fact]
    public async Task A_408_request_timeout_is_sent_again_creates_too_and_nothing_is_created_twice()
    {
        await ResetAsync(0);
        var client = Client(s => { s.MaxAttempts = 25; s.MaxRetryTime = TimeSpan.FromMinutes(1); s.CreateBatchSize = 2; });
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { rate = 0.4, statuses = new[] { 408 }, routes = new[] { "*" } });

        var result = await client.CreateAsync(NewSources("timed-out", 12), Timeout);
        var listed = client.Filter(FilterQuery.All, new FilterOptions { PageSize = 3 }, Timeout).ToList();

        Assert.All(Enumerable.Range(0, 12), index => Assert.Null(result.GetFailure(index)));
        Assert.Equal(12, listed.Count);
        Assert.Equal(12, listed.Select(s => s.ResourceName).Distinct().Count());
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts_and_the_error_says_so()
    {
        var log = new RecordingLog(debug: false);
        var client = Client(s => s.MaxAttempts = 3, log: log);
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { statuses = new[] { 503 }, retryAfterSeconds = 0, routes = new[] { "GET *" } });

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetAsync("0123456789abcdef01234567", Timeout));

        Assert.Equal(ApiErrorKind.Server, error.Kind);
        Assert.Equal(503, error.StatusCode);
        Assert.Contains("3 attempts", error.Message);
        Assert.Equal(3, await CountAsync(GetRoute));
        Assert.Equal([1, 2, 3], log.Entries.Where(e => e.Method == "GET").Select(e => e.Attempt));
    }

    [Fact]
    public async Task A_429_is_retried_after_the_servers_Retry_After()
    {
        var log = new RecordingLog(debug: false);
        var client = Client(s => s.MaxAttempts = 2, log: log);
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { statuses = new[] { 429 }, retryAfterSeconds = 1, routes = new[] { "POST */filter" } });

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetFilterPageAsync(FilterQuery.All, 0, 10, Timeout));

        Assert.Equal(ApiErrorKind.Throttled, error.Kind);
        Assert.Equal(2, await CountAsync(FilterRoute));
        var first = log.Entries.First(e => e.Path.Contains("/filter"));
        Assert.Equal(429, first.Status);
        Assert.Equal("429 Too Many Requests; retrying in 1 s", first.Outcome);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_retry_time_fails_at_once()
    {
        var client = Client(s => s.MaxRetryTime = TimeSpan.FromSeconds(5));
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { statuses = new[] { 429 }, retryAfterSeconds = 600, routes = new[] { "POST */filter" } });

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetFilterPageAsync(FilterQuery.All, 0, 10, Timeout));

        Assert.Equal(ApiErrorKind.Throttled, error.Kind);
        Assert.Contains("600 s", error.Message);
        Assert.Equal(1, await CountAsync(FilterRoute));
    }

    [Theory]
    [InlineData("after")]
    [InlineData("before")]
    public async Task Create_under_dropped_connections_creates_every_item_exactly_once(string drop)
    {
        var client = Client(s => { s.CreateBatchSize = 2; s.MaxAttempts = 25; s.MaxRetryTime = TimeSpan.FromMinutes(1); });
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { rate = 0.3, drop, routes = new[] { CreateRoute } });
        var items = NewSources($"drop-{drop}", 60);

        var result = await client.CreateAsync(items, Timeout);

        await ClearFaultsAsync();
        Assert.Empty(result.Failures);
        Assert.Equal(items.Select(i => i.ResourceName), result.Created.Select(c => c!.ResourceName));
        var stored = await ListAsync($"drop-{drop}-*");
        Assert.Equal(items.Select(i => i.ResourceName).Order(), stored.Select(s => s.ResourceName).Order());
        Assert.Equal(result.Created.Select(c => c!.Id).Order(), stored.Select(s => s.Id).Order());
        // Thirty batches at 30 %: at least one answer was lost and looked up (a 1 in 40,000 chance otherwise).
        Assert.True(await CountAsync(FilterRoute) > 1, "the faults should have forced a look-up");
    }

    [Fact]
    public async Task Create_under_503_and_gateway_errors_creates_every_item_exactly_once()
    {
        var client = Client(s => { s.CreateBatchSize = 5; s.MaxAttempts = 25; });
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { rate = 0.5, statuses = new[] { 503, 502, 504 }, retryAfterSeconds = 0, routes = new[] { CreateRoute } });
        var items = NewSources("gateway", 30);

        var result = await client.CreateAsync(items, Timeout);

        await ClearFaultsAsync();
        Assert.Empty(result.Failures);
        var stored = await ListAsync("gateway-*");
        Assert.Equal(30, stored.Count);
        Assert.Equal(30, stored.Select(s => s.ResourceName).Distinct().Count());
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_is_looked_up_and_not_sent_again()
    {
        var client = Client();
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { rate = 1.0, drop = "after", routes = new[] { CreateRoute } });

        var task = client.CreateAsync([NewSource("lost-answer-1"), NewSource("lost-answer-2")], Timeout);
        var result = await task;

        Assert.Equal(["lost-answer-1", "lost-answer-2"], result.Created.Select(c => c!.ResourceName));
        Assert.Equal(1, await CountAsync(CreateRoute));
        Assert.Equal(1, await CountAsync(FilterRoute));
    }

    [Fact]
    public async Task A_create_that_keeps_failing_ambiguously_throws_and_says_the_outcome_is_unknown()
    {
        var client = Client(s => s.MaxAttempts = 2);
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { statuses = new[] { 504 }, routes = new[] { CreateRoute } });

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.CreateAsync([NewSource("never")], Timeout));

        Assert.Equal(ApiErrorKind.Server, error.Kind);
        Assert.Contains("unknown", error.Message);
        Assert.Equal(2, await CountAsync(CreateRoute));
        Assert.Empty(await ListAsync("never"));
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_and_whose_look_up_fails_says_its_outcome_is_unknown_not_what_the_look_up_met()
    {
        var client = Client(s => s.MaxAttempts = 2);
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { rate = 1.0, drop = "after", routes = new[] { CreateRoute, FilterRoute } });

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.CreateAsync([NewSource("maybe-created")], Timeout));

        Assert.Equal((ApiErrorKind.Connection, "POST", Api + "/data-sources"), (error.Kind, error.Method, error.Route));
        Assert.EndsWith(
            "Whether the 1 data source(s) were created could not be checked, as looking them up failed too; look them up by resource name before creating them again.",
            error.Message);
        Assert.DoesNotContain("/filter", error.Message);
        await ClearFaultsAsync();
        Assert.Single(await ListAsync("maybe-created"));
    }

    [Fact]
    public async Task A_duplicate_refusal_whose_look_up_fails_says_which_items_may_have_been_created_not_what_the_look_up_met()
    {
        var client = Client();
        await client.CreateAsync([NewSource("exists-already")], Timeout);
        await SetFaultsAsync(new { statuses = new[] { 500 }, routes = new[] { FilterRoute } });

        // The default server stores the items before the first duplicate, then refuses the batch.
        var result = await client.CreateAsync([NewSource("stored-unseen"), NewSource("exists-already"), NewSource("never-sent-on")], Timeout);

        Assert.All(result.Created, Assert.Null);
        Assert.Equal([0, 1, 2], result.Failures.Select(f => f.Index));
        var unknown = result.Failures[0].Error!;
        Assert.Equal((ApiErrorKind.Server, "POST", Api + "/data-sources"), (unknown.Kind, unknown.Method, unknown.Route));
        Assert.StartsWith("The server refused the batch at 'exists-already', a name that exists, and may have stored the data sources before it;", unknown.Message);
        Assert.EndsWith("Look it up by resource name before creating it again.", unknown.Message);
        Assert.True(result.Failures[1].IsDuplicate);
        Assert.Null(result.Failures[2].Error);
        Assert.EndsWith("stores nothing after that one: send it again.", result.Failures[2].Message);
        await ClearFaultsAsync();
        Assert.Equal(["exists-already", "stored-unseen"], (await ListAsync("*")).Select(s => s.ResourceName).Order());
    }

    [Fact]
    public async Task After_a_500_a_create_reports_what_exists_as_created_and_the_rest_failed_without_sending_again()
    {
        var client = Client();
        // What a server that stored part of the batch before failing leaves behind.
        var stored = (await client.CreateAsync([NewSource("stored-before-500")], Timeout)).Created[0]!;
        await ClearStatsAsync();
        await SetFaultsAsync(new { statuses = new[] { 500 }, routes = new[] { CreateRoute } });

        var result = await client.CreateAsync([NewSource("stored-before-500"), NewSource("lost-in-500")], Timeout);

        Assert.Equal(stored.Id, result.Created[0]!.Id);
        Assert.Null(result.Created[1]);
        var failure = Assert.Single(result.Failures);
        Assert.Equal((1, "lost-in-500", 500), (failure.Index, failure.ResourceName, failure.StatusCode));
        Assert.Contains("500", failure.Message);
        Assert.Equal(1, await CountAsync(CreateRoute));
        Assert.Equal(1, await CountAsync(FilterRoute));
    }

    [Fact]
    public async Task A_create_answered_500_with_nothing_stored_throws_the_500()
    {
        var client = Client();
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { statuses = new[] { 500 }, routes = new[] { CreateRoute } });

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.CreateAsync(NewSources("never-500", 3), Timeout));

        Assert.Equal((ApiErrorKind.Server, 500), (error.Kind, error.StatusCode));
        Assert.Equal(1, await CountAsync(CreateRoute));
        Assert.Empty(await ListAsync("never-500*"));
    }

    [Fact]
    public async Task A_PATCH_whose_answers_are_all_lost_says_the_change_may_have_been_made_not_only_that_it_gave_up()
    {
        var client = Client(s => s.MaxAttempts = 2);
        var created = (await client.CreateAsync([NewSource("patched-unseen")], Timeout)).Created[0]!;
        await SetFaultsAsync(new { rate = 1.0, drop = "after", routes = new[] { PatchRoute } });

        var error = await Assert.ThrowsAsync<DataSourceApiException>(
            () => client.UpdateUnreadAsync(created.Id!, new DataSourcePatch().Set("note", "applied all the same"), Timeout));

        Assert.Equal(ApiErrorKind.Connection, error.Kind);
        Assert.EndsWith("Gave up after 2 attempts. Whether the change was made is unknown; sending it again is safe, as it sets the same values.", error.Message);
        await ClearFaultsAsync();
        Assert.Equal("applied all the same", (await client.GetAsync(created.Id!, Timeout)).Note);
    }

    [Fact]
    public async Task A_server_that_refuses_connections_gives_a_Connection_error_after_the_retries()
    {
        // Bound, never listening: connections to it are refused, and while the test holds it no
        // emulator a parallel test starts can be given its port (a port freed after a listener
        // could be).
        using var bound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        bound.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)bound.LocalEndPoint!).Port;
        var log = new RecordingLog(debug: false);
        using var client = new DataSourceClient(
            new DataSourceConnectionSettings(new Uri($"http://127.0.0.1:{port}/")) { MaxAttempts = 2, ApiVersion = "v1" },
            new PasswordCredential("admin", Secure("admin")),
            log);

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.ConnectAsync(Timeout));

        Assert.Equal(ApiErrorKind.Connection, error.Kind);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        // The system's reason ends its own sentence before the retry summary starts the next.
        Assert.Matches(@"[^.]\. Gave up after 2 attempts\.$", error.Message);
        Assert.Equal(2, log.Entries.Count);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_gives_a_Timeout_error()
    {
        // A first login warms the emulator, so that this client's, with its short timeout, is quick.
        await Client().ConnectAsync(Timeout);
        var client = Client(s => { s.Timeout = TimeSpan.FromMilliseconds(300); s.MaxAttempts = 1; });
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { latencyMs = 5000, routes = new[] { "GET *" } });

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetAsync("0123456789abcdef01234567", Timeout));

        Assert.Equal(ApiErrorKind.Timeout, error.Kind);
        Assert.Contains("0.3 s", error.Message);
    }
}
