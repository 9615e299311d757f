using System.Text;

namespace DataSources.Client.Tests;

/// <summary>What the client puts on the wire and how it treats the connection, seen from a stub server.</summary>
public sealed class WireTests : ClientTest
{
    private const string OneSource = """{"status":200,"data":{"_id":"a0","resourceName":"n0","databaseType":"POSTGRES"}}""";

    private static DataSourceClient StubClient(StubServer stub, Action<DataSourceConnectionSettings>? configure = null)
    {
        var settings = new DataSourceConnectionSettings(stub.BaseUri) { MaxAttempts = 1, ApiVersion = "v1" };
        configure?.Invoke(settings);
        return new DataSourceClient(settings, new TokenCredential(Secure("opaque-token")));
    }

    [Fact]
    public async Task Creates_and_patches_are_sent_without_Expect_100_continue()
    {
        // .NET Framework's handler (and Mono's HttpWebRequest stack, which the leg also runs on) add
        // it to every body unless told not to; SocketsHttpHandler never does.
        using var stub = StubServer.Start(async context =>
        {
            context.Response.ContentType = "application/json";
            if (context.Request.Method == "POST")
            {
                context.Response.StatusCode = 201;
                await context.Response.WriteAsync("""{"status":201,"data":[{"_id":"a0","resourceName":"n0","databaseType":"POSTGRES"}]}""");
            }
            else
            {
                await context.Response.WriteAsync(OneSource);
            }
        });
        using var client = StubClient(stub);

        await client.CreateAsync([NewSource("n0")], Timeout);
        await client.UpdateAsync("a0", new DataSourcePatch().Set("note", "seen"), Timeout);

        Assert.Equal(["POST", "PATCH"], stub.Requests.Select(r => r.Method));
        Assert.All(stub.Requests, request => Assert.DoesNotContain("expect:", request.Head, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_is_a_Timeout_not_a_broken_connection()
    {
        using var stub = StubServer.Start(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"status":200,"data":{"_id":"a0","resourceName":"n0","description":""" + "\"" + new string('x', 4000) + "\"}}");
            context.Response.StallAfterBytes = 100;
        });
        using var client = StubClient(stub, s => s.Timeout = TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetAsync("a0", Timeout).WaitAsync(Patience));

        Assert.Equal(ApiErrorKind.Timeout, error.Kind);
        Assert.Equal("No complete answer to GET /api/public/v1/data-sources/a0 from " + stub.BaseUri.Authority + " within 1 s.", error.Message);
    }

    [Theory]
    [InlineData("a chunked body that ends in a newline")]
    [InlineData("a body padded with 20 KB of spaces after its JSON")]
    public async Task The_connection_is_reused_after_an_answer_with_bytes_past_its_JSON(string answer)
    {
        using var stub = StubServer.Start(async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.Chunked = answer.Contains("chunked");
            await context.Response.WriteAsync(OneSource);
            await context.Response.WriteAsync(answer.Contains("chunked") ? "\n" : new string(' ', 20 * 1024));
        });
        using var client = StubClient(stub);

        for (var i = 0; i < 3; i++) Assert.Equal("a0", (await client.GetAsync("a0", Timeout)).Id);

        Assert.Equal(3, stub.Requests.Count);
        Assert.Equal(1, stub.ConnectionCount);
    }

    [Fact]
    public async Task The_client_keeps_as_many_requests_in_flight_as_Set_DataSource_may_ask_for()
    {
        var limit = DataSourceConnectionSettings.MaxConnectionsPerServer;
        var arrived = 0;
        var all = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stub = StubServer.Start(async context =>
        {
            // Each answer waits until every request is in (or, if some never come, until Patience):
            // the most that arrive is the most the client had in flight.
            if (Interlocked.Increment(ref arrived) == limit) all.TrySetResult(true);
            await Task.WhenAny(all.Task, Task.Delay(Patience));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(OneSource);
        });
        using var client = StubClient(stub, s => s.Timeout = TimeSpan.FromMinutes(5));

        await Task.WhenAll(Enumerable.Range(0, limit).Select(_ => client.GetAsync("a0", Timeout)));

        Assert.True(all.Task.IsCompleted, $"only {stub.ConnectionCount} of {limit} requests were in flight at once");
        Assert.Equal(64, limit);
    }
}
