namespace DataSources.Client.Tests.Transport;

/// <summary>Renewal owned by the session, over a fake exchange: callers that saw one refused token share one login.</summary>
public sealed class TokenSessionTests
{
    [Fact]
    public async Task Concurrent_callers_renewing_the_same_refused_token_share_one_login()
    {
        var logins = 0;
        var secondLogin = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var exchange = new FakeExchange(async (request, token) =>
        {
            var login = Interlocked.Increment(ref logins);
            if (login == 2) await secondLogin.Task;
            return $"{{\"access_token\": \"token{login}\"}}";
        });
        using var transport = new ApiTransport(exchange, new RecordedWaits().Policy(maxAttempts: 1), null);
        using var session = new TokenSession(new PasswordCredential("ann", FakeExchange.Secure("pw")), transport, "v3");
        await session.ConnectAsync(CancellationToken.None);
        Assert.Equal("token1", session.Current!.Value);

        // The first renewal holds the login while the other seven queue behind it; then it answers.
        var renewals = Enumerable.Range(0, 8).Select(_ => session.RenewAsync("token1", CancellationToken.None)).ToList();
        Assert.Equal(2, Volatile.Read(ref logins));
        secondLogin.SetResult(true);
        await Task.WhenAll(renewals);

        Assert.Equal(2, logins);
        Assert.Equal("token2", session.Current!.Value);
        Assert.Equal("token2", await session.GetTokenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_renewal_after_a_newer_token_was_refused_logs_in_again()
    {
        var logins = 0;
        var exchange = new FakeExchange((request, token) => Task.FromResult<object>($"{{\"access_token\": \"token{Interlocked.Increment(ref logins)}\"}}"));
        using var transport = new ApiTransport(exchange, new RecordedWaits().Policy(maxAttempts: 1), null);
        using var session = new TokenSession(new PasswordCredential("ann", FakeExchange.Secure("pw")), transport, "v3");
        await session.ConnectAsync(CancellationToken.None);

        await session.RenewAsync("token1", CancellationToken.None);
        await session.RenewAsync("token1", CancellationToken.None);
        await session.RenewAsync("token2", CancellationToken.None);

        Assert.Equal(3, logins);
        Assert.Equal("token3", session.Current!.Value);
    }
}
