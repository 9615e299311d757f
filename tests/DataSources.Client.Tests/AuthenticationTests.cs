namespace DataSources.Client.Tests;

public sealed class AuthenticationTests : ClientTest
{
    protected override string[] ServerArgs => ["--user", "admin:admin", "--user", "reader:reader-pw:Business_User"];

    [Fact]
    public async Task Connect_with_a_password_logs_in_and_exposes_user_roles_and_expiry()
    {
        var client = Client();

        await client.ConnectAsync(Timeout);

        Assert.Equal("admin", client.UserName);
        Assert.Equal(["Admin"], client.Roles);
        Assert.InRange(client.TokenExpiresAt!.Value, DateTimeOffset.UtcNow.AddSeconds(200), DateTimeOffset.UtcNow.AddSeconds(400));
        Assert.Equal(1, await CountAsync(LoginRoute));
    }

    [Fact]
    public async Task A_wrong_password_fails_with_Authentication_without_echoing_the_password()
    {
        var client = Client(credential: new PasswordCredential("admin", Secure("wrong-password")));

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.ConnectAsync(Timeout));

        Assert.Equal(ApiErrorKind.Authentication, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("'admin'", error.Message);
        Assert.DoesNotContain("wrong-password", error.ToString());
        Assert.Equal(1, await CountAsync(LoginRoute));
    }

    [Fact]
    public async Task Calls_log_in_by_themselves_when_not_connected_and_reuse_the_token()
    {
        var client = Client();

        await client.GetFilterPageAsync(FilterQuery.All, 0, 1, Timeout);
        await client.GetFilterPageAsync(FilterQuery.All, 0, 1, Timeout);
        await client.GetManyAsync(["0123456789abcdef01234567"], Timeout);

        Assert.Equal(1, await CountAsync(LoginRoute));
    }

    [Fact]
    public async Task Connect_with_a_token_checks_it_with_one_cheap_call_and_reads_its_claims()
    {
        var token = await MintTokenAsync("reader");
        var client = Client(credential: new TokenCredential(Secure(token)));

        await client.ConnectAsync(Timeout);

        Assert.Equal("reader", client.UserName);
        Assert.Equal(["Business_User"], client.Roles);
        Assert.NotNull(client.TokenExpiresAt);
        Assert.Equal(1, await TotalRequestsAsync());
        Assert.Equal(1, await CountAsync(ByIdsRoute));
    }

    [Fact]
    public async Task An_expired_token_fails_before_sending_and_names_the_expiry_and_the_way_out()
    {
        var token = await MintTokenAsync(lifetimeSeconds: -10);
        var client = Client(credential: new TokenCredential(Secure(token)));

        var connect = await Assert.ThrowsAsync<DataSourceApiException>(() => client.ConnectAsync(Timeout));
        var get = await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetAsync("0123456789abcdef01234567", Timeout));

        foreach (var error in new[] { connect, get })
        {
            Assert.Equal(ApiErrorKind.Authentication, error.Kind);
            Assert.Matches(@"expired at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", error.Message);
            Assert.Contains("Connect-DataSourceService", error.Message);
            Assert.DoesNotContain(token, error.ToString());
        }

        Assert.Equal(client.TokenExpiresAt!.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"), System.Text.RegularExpressions.Regex.Match(get.Message, @"\d{4}-\S+Z").Value);
        Assert.Equal(0, await TotalRequestsAsync());
    }

    [Fact]
    public async Task A_token_that_expires_during_the_session_fails_with_Authentication_and_is_not_renewed()
    {
        var token = await MintTokenAsync(lifetimeSeconds: 2);
        var client = Client(credential: new TokenCredential(Secure(token)));
        await client.ConnectAsync(Timeout);
        while (DateTimeOffset.UtcNow < client.TokenExpiresAt) await Task.Delay(200, Timeout);

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetFilterPageAsync(FilterQuery.All, 0, 1, Timeout));

        Assert.Equal(ApiErrorKind.Authentication, error.Kind);
        Assert.Contains("expired at", error.Message);
        Assert.Equal(0, await CountAsync(LoginRoute));
        Assert.Equal(0, await CountAsync(FilterRoute));
    }

    [Fact]
    public async Task A_token_the_server_refuses_gives_Authentication_and_no_login_attempt()
    {
        var client = Client(credential: new TokenCredential(Secure("not-a-jwt")));

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.ConnectAsync(Timeout));

        Assert.Equal(ApiErrorKind.Authentication, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("Connect-DataSourceService", error.Message);
        Assert.Equal(0, await CountAsync(LoginRoute));
    }

    [Fact]
    public async Task A_401_makes_a_password_client_log_in_again_once_then_surface_the_refusal()
    {
        var client = Client();
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { statuses = new[] { 401 }, routes = new[] { "GET *" } });

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetAsync("0123456789abcdef01234567", Timeout));

        Assert.Equal(ApiErrorKind.Authentication, error.Kind);
        Assert.Equal(2, await CountAsync(LoginRoute));
        Assert.Equal(2, await CountAsync(GetRoute));
    }

    [Fact]
    public async Task A_role_without_write_permission_gets_PermissionDenied_but_may_read()
    {
        var client = Client(credential: new PasswordCredential("reader", Secure("reader-pw")));

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.CreateAsync([NewSource("nope")], Timeout));
        var page = await client.GetFilterPageAsync(FilterQuery.All, 0, 10, Timeout);

        Assert.Equal(ApiErrorKind.PermissionDenied, error.Kind);
        Assert.Equal(403, error.StatusCode);
        Assert.Contains("Business_User", error.Message);
        Assert.Empty(page.Items);
    }

    [Theory]
    [InlineData("http://catalog.example.com/")]
    [InlineData("http://10.1.2.3:8080/")]
    public void Credentials_are_never_sent_over_http_to_a_host_that_is_not_loopback(string address)
    {
        var settings = new DataSourceConnectionSettings(new Uri(address));

        var password = Assert.Throws<DataSourceInputException>(() => new DataSourceClient(settings, new PasswordCredential("admin", Secure("pw"))));
        Assert.Throws<DataSourceInputException>(() => new DataSourceClient(settings, new TokenCredential(Secure("token"))));

        Assert.Contains("unencrypted", password.Message);
        settings.AllowUnencryptedAuthentication = true;
        new DataSourceClient(settings, new TokenCredential(Secure("token"))).Dispose();
    }

    [Theory]
    [InlineData("http://localhost:5080/")]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://[::1]:8080/")]
    [InlineData("https://catalog.example.com/")]
    public void Https_and_loopback_http_addresses_are_accepted(string address) =>
        new DataSourceClient(new DataSourceConnectionSettings(new Uri(address)), new TokenCredential(Secure("token"))).Dispose();

    [Fact]
    public void Only_http_and_https_addresses_are_accepted() =>
        Assert.Throws<DataSourceInputException>(() =>
            new DataSourceClient(new DataSourceConnectionSettings(new Uri("ftp://127.0.0.1/")), new TokenCredential(Secure("token"))));
}
