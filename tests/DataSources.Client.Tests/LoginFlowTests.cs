using System.Collections.Concurrent;
using System.Text;
using Newtonsoft.Json;

namespace DataSources.Client.Tests;

/// <summary>
/// How the client logs in and finds the API version against servers that offer only some of the
/// ways (a stub answers as each plausible server does), and what it does with a login page.
/// </summary>
public sealed class LoginFlowTests : ClientTest
{
    private const string KeycloakPath = "/keycloak/realms/pdc/protocol/openid-connect/token";

    /// <summary>A JWT the client can read (it never checks the signature), for <paramref name="user"/>, expiring in <paramref name="lifetimeSeconds"/>.</summary>
    private static string Jwt(string user = "admin", int lifetimeSeconds = 300, int issuedSecondsAgo = 0)
    {
        static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Encode("""{"alg":"HS256","typ":"JWT"}""") + "."
            + Encode(JsonConvert.SerializeObject(new { exp = now + lifetimeSeconds, iat = now - issuedSecondsAgo, preferred_username = user, realm_access = new { roles = new[] { "Admin" } } }))
            + ".c2ln";
    }

    private static async Task WriteJsonAsync(StubExchange context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonConvert.SerializeObject(body));
    }

    private static Task WriteEmptyPageAsync(StubExchange context) =>
        WriteJsonAsync(context, 200, new { status = 200, data = Array.Empty<object>(), pageInfo = new { skip = 0, limit = 1, totalCount = 0 } });

    /// <summary>Every request the stub saw, as "METHOD /path", in order.</summary>
    private sealed class Seen
    {
        private readonly ConcurrentQueue<string> requests = new();

        public List<string> Requests => [.. requests];

        public void Add(StubExchange context) => requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
    }

    private static DataSourceClient StubClient(StubServer stub, DataSourceCredential? credential = null, Action<DataSourceConnectionSettings>? configure = null, IRequestLog? log = null)
    {
        var settings = new DataSourceConnectionSettings(stub.BaseUri) { MaxAttempts = 1 };
        configure?.Invoke(settings);
        return new DataSourceClient(settings, credential ?? new PasswordCredential("admin", Secure("admin")), log);
    }

    [Fact]
    public async Task A_credential_logs_in_at_Keycloak_first_sending_all_five_form_fields()
    {
        var seen = new Seen();
        Dictionary<string, string>? form = null;
        using var stub = StubServer.Start(async context =>
        {
            seen.Add(context);
            if (context.Request.Path == KeycloakPath)
            {
                form = context.Request.Form();
                await WriteJsonAsync(context, 200, new { access_token = Jwt(), expires_in = 300 });
                return;
            }
            await WriteJsonAsync(context, 200, new { status = 200, data = Array.Empty<object>() });
        });
        using var client = StubClient(stub, configure: s => s.ApiVersion = "v3");

        await client.ConnectAsync(Timeout);

        Assert.Equal([$"POST {KeycloakPath}"], seen.Requests);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["client_id"] = "pdc-client", ["scope"] = "openid profile email", ["username"] = "admin", ["password"] = "admin",
            },
            form);
        Assert.Equal("admin", client.UserName);
    }

    [Fact]
    public async Task Without_a_Keycloak_endpoint_the_login_falls_back_to_auth_and_renews_there_too()
    {
        var seen = new Seen();
        using var stub = StubServer.Start(async context =>
        {
            seen.Add(context);
            if (context.Request.Path == "/api/public/v3/auth")
            {
                // Due for renewal at once, so the next call must log in again.
                await WriteJsonAsync(context, 200, new { message = "OK", data = new { accessToken = Jwt(lifetimeSeconds: 0) } });
                return;
            }
            if (context.Request.Path.StartsWith("/api/public/v3/data-sources/filter", StringComparison.Ordinal))
            {
                await WriteEmptyPageAsync(context);
                return;
            }
            context.Response.StatusCode = 404;
        });
        using var client = StubClient(stub);

        await client.ConnectAsync(Timeout);
        await client.GetFilterPageAsync(FilterQuery.All, 0, 1, Timeout);

        Assert.Equal("v3", client.ApiVersion);
        Assert.Equal(
            [$"POST {KeycloakPath}", "POST /api/public/v3/auth", "POST /api/public/v3/auth", "POST /api/public/v3/data-sources/filter"],
            seen.Requests);
    }

    [Fact]
    public async Task Without_Keycloak_and_without_a_version_named_auth_is_looked_for_newest_first_and_decides_the_version()
    {
        var seen = new Seen();
        using var stub = StubServer.Start(async context =>
        {
            seen.Add(context);
            if (context.Request.Path == "/api/public/v2/auth")
            {
                await WriteJsonAsync(context, 200, new { message = "OK", data = new { accessToken = Jwt() } });
                return;
            }
            context.Response.StatusCode = 404;
        });
        using var client = StubClient(stub);

        await client.ConnectAsync(Timeout);

        Assert.Equal("v2", client.ApiVersion);
        Assert.Equal([$"POST {KeycloakPath}", "POST /api/public/v3/auth", "POST /api/public/v2/auth"], seen.Requests);
    }

    [Fact]
    public async Task A_wrong_password_refused_by_Keycloak_is_not_tried_again_elsewhere()
    {
        var client = Client(credential: new PasswordCredential("admin", Secure("wrong-password")));

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.ConnectAsync(Timeout));

        Assert.Equal(ApiErrorKind.Authentication, error.Kind);
        Assert.StartsWith("The server refused the login of user 'admin': Invalid user credentials.", error.Message);
        Assert.DoesNotContain("host name", error.Message);
        Assert.Equal(1, await CountAsync(LoginRoute));
        Assert.Equal(0, await CountAsync(AuthRoute));
    }

    [Fact]
    public async Task An_auth_answer_without_a_token_is_an_authentication_error_that_says_so()
    {
        using var stub = StubServer.Start(async context =>
        {
            if (context.Request.Path == "/api/public/v2/auth")
            {
                await WriteJsonAsync(context, 200, new { message = "OK", data = new { } });
                return;
            }
            context.Response.StatusCode = 404;
        });
        using var client = StubClient(stub, configure: s => s.ApiVersion = "v2");

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.ConnectAsync(Timeout));

        Assert.Equal(ApiErrorKind.Authentication, error.Kind);
        Assert.Equal("The server answered 200 to POST /api/public/v2/auth without an access token: it did not log user 'admin' in.", error.Message);
    }

    [Fact]
    public async Task A_Keycloak_login_page_instead_of_a_token_falls_back_to_auth()
    {
        using var stub = StubServer.Start(async context =>
        {
            if (context.Request.Path == KeycloakPath)
            {
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><head><title>Sign in to pdc</title></head></html>");
                return;
            }
            if (context.Request.Path == "/api/public/v2/auth")
            {
                await WriteJsonAsync(context, 200, new { message = "OK", data = new { accessToken = Jwt("ops") } });
                return;
            }
            context.Response.StatusCode = 404;
        });
        using var client = StubClient(stub, credential: new PasswordCredential("ops", Secure("pw")), configure: s => s.ApiVersion = "v2");

        await client.ConnectAsync(Timeout);

        Assert.Equal("ops", client.UserName);
    }

    [Theory]
    [InlineData("v3", new[] { "v3" })]
    [InlineData("v2", new[] { "v3", "v2" })]
    [InlineData("v1", new[] { "v3", "v2", "v1" })]
    public async Task With_no_version_named_a_credential_connect_probes_newest_first_one_request_beyond_the_login_on_a_v3_server(
        string served, string[] probed)
    {
        var seen = new Seen();
        using var stub = StubServer.Start(async context =>
        {
            seen.Add(context);
            if (context.Request.Path == KeycloakPath)
            {
                await WriteJsonAsync(context, 200, new { access_token = Jwt() });
                return;
            }
            if (context.Request.Path.StartsWith($"/api/public/{served}/", StringComparison.Ordinal))
            {
                await WriteJsonAsync(context, 200, new { status = 200, data = Array.Empty<object>() });
                return;
            }
            await WriteJsonAsync(context, 404, new { message = $"Route POST:{context.Request.Path} not found", error = "Not Found", statusCode = 404 });
        });
        using var client = StubClient(stub);

        await client.ConnectAsync(Timeout);

        Assert.Equal(served, client.ApiVersion);
        Assert.Equal([$"POST {KeycloakPath}", .. probed.Select(version => $"POST /api/public/{version}/data-sources/by-ids")], seen.Requests);
    }

    [Fact]
    public async Task With_no_version_named_a_token_connect_probes_newest_first_which_also_proves_the_token()
    {
        var seen = new Seen();
        using var stub = StubServer.Start(async context =>
        {
            seen.Add(context);
            if (context.Request.Path.StartsWith("/api/public/v2", StringComparison.Ordinal))
            {
                await WriteJsonAsync(context, 200, new { status = 200, data = Array.Empty<object>() });
                return;
            }
            context.Response.StatusCode = 404;
        });
        using var client = StubClient(stub, credential: new TokenCredential(Secure(Jwt())));

        await client.ConnectAsync(Timeout);

        Assert.Equal("v2", client.ApiVersion);
        Assert.Equal(["POST /api/public/v3/data-sources/by-ids", "POST /api/public/v2/data-sources/by-ids"], seen.Requests);
    }

    [Fact]
    public async Task A_credential_connect_to_a_server_whose_login_works_but_that_serves_no_known_version_fails_and_says_so()
    {
        using var stub = StubServer.Start(async context =>
        {
            if (context.Request.Path == KeycloakPath)
            {
                await WriteJsonAsync(context, 200, new { access_token = Jwt() });
                return;
            }
            context.Response.StatusCode = 404;
        });
        using var client = StubClient(stub);

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.ConnectAsync(Timeout));

        Assert.Equal(ApiErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("serves none of the API versions v3, v2, v1", error.Message);
    }

    [Fact]
    public async Task A_server_that_serves_no_known_version_is_an_error_that_says_so()
    {
        using var stub = StubServer.Start(context =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        using var client = StubClient(stub, credential: new TokenCredential(Secure(Jwt())));

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.ConnectAsync(Timeout));

        Assert.Equal(ApiErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("serves none of the API versions v3, v2, v1", error.Message);
    }

    [Fact]
    public async Task A_redirect_to_a_login_page_makes_a_credential_client_log_in_again_and_retry_once()
    {
        var seen = new Seen();
        var redirected = 0;
        using var stub = StubServer.Start(async context =>
        {
            seen.Add(context);
            if (context.Request.Path == KeycloakPath)
            {
                await WriteJsonAsync(context, 200, new { access_token = Jwt() });
                return;
            }
            if (Interlocked.Increment(ref redirected) == 1)
            {
                context.Response.StatusCode = 302;
                context.Response.Headers["Location"] = "/oauth2/start?rd=%2Fapi";
                return;
            }
            await WriteEmptyPageAsync(context);
        });
        using var client = StubClient(stub, configure: s => s.ApiVersion = "v3");

        var page = await client.GetFilterPageAsync(FilterQuery.All, 0, 1, Timeout);

        Assert.Empty(page.Items);
        Assert.Equal(
            [$"POST {KeycloakPath}", "POST /api/public/v3/data-sources/filter", $"POST {KeycloakPath}", "POST /api/public/v3/data-sources/filter"],
            seen.Requests);
    }

    [Fact]
    public async Task A_redirect_to_a_login_page_with_a_token_is_an_authentication_error_naming_the_page()
    {
        using var stub = StubServer.Start(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers["Location"] = "https://sso.example.com/oauth2/start?rd=%2Fapi";
            return Task.CompletedTask;
        });
        using var client = StubClient(stub, credential: new TokenCredential(Secure(Jwt())), configure: s => s.ApiVersion = "v3");

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetFilterPageAsync(FilterQuery.All, 0, 1, Timeout));

        Assert.Equal(ApiErrorKind.Authentication, error.Kind);
        Assert.Contains("redirecting to the login page 'https://sso.example.com/oauth2/start'", error.Message);
        Assert.Contains("Run Connect-DataSourceService again", error.Message);
    }

    [Fact]
    public async Task Headers_go_with_every_request_login_included_and_their_values_never_reach_a_log_or_an_error()
    {
        var seen = new ConcurrentQueue<(string Path, string? Id, string? Secret)>();
        using var stub = StubServer.Start(async context =>
        {
            seen.Enqueue((context.Request.Path, context.Request.Header("CF-Access-Client-Id"), context.Request.Header("CF-Access-Client-Secret")));
            if (context.Request.Path == KeycloakPath)
            {
                await WriteJsonAsync(context, 200, new { access_token = Jwt() });
                return;
            }
            // A gateway that quotes what it received.
            await WriteJsonAsync(context, 400, new { status = 400, message = $"bad request from client {context.Request.Header("CF-Access-Client-Id")} / {context.Request.Header("CF-Access-Client-Secret")}" });
        });
        var log = new RecordingLog(debug: true);
        using var client = StubClient(stub, log: log, configure: s =>
        {
            s.ApiVersion = "v3";
            s.AddHeader("CF-Access-Client-Id", "client-id-4711.access");
            s.AddHeader("CF-Access-Client-Secret", Secure("cf-secret-0815-value"));
        });

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetFilterPageAsync(FilterQuery.All, 0, 1, Timeout));

        Assert.Equal(2, seen.Count);
        Assert.All(seen, request => Assert.Equal(("client-id-4711.access", "cf-secret-0815-value"), (request.Id, request.Secret)));
        Assert.Equal(["CF-Access-Client-Id", "CF-Access-Client-Secret"], client.Settings.HeaderNames);
        foreach (var text in new[] { error.ToString(), log.AllText })
        {
            Assert.DoesNotContain("cf-secret-0815-value", text);
            Assert.DoesNotContain("client-id-4711.access", text);
        }
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("content-type")]
    [InlineData("Host")]
    [InlineData("Bad Name")]
    [InlineData("")]
    public void A_header_the_client_sets_itself_or_a_name_that_is_not_a_header_is_refused(string name)
    {
        var settings = new DataSourceConnectionSettings(new Uri("https://catalog.example.com"));

        var error = Assert.Throws<DataSourceInputException>(() => settings.AddHeader(name, "value"));

        Assert.Contains($"'{name}'", error.Message);
        Assert.Empty(settings.HeaderNames);
    }

    [Theory]
    [InlineData("k\n")]
    [InlineData("k\r\nX-Injected: yes")]
    public void A_header_value_with_a_line_break_or_nul_is_refused_without_showing_it(string value)
    {
        var settings = new DataSourceConnectionSettings(new Uri("https://catalog.example.com"));

        // A SecureString is read up to a NUL, as it is when sent: only text can carry one.
        foreach (var add in new Action[] { () => settings.AddHeader("X-Api-Key", value), () => settings.AddHeader("X-Api-Key", Secure(value)), () => settings.AddHeader("X-Api-Key", "k\0") })
        {
            var error = Assert.Throws<DataSourceInputException>(add);

            Assert.Equal("The value of the header 'X-Api-Key' holds a line break or NUL character, which would end the header early: give it on one line.", error.Message);
            Assert.Empty(settings.HeaderNames);
        }
    }

    [Fact]
    public async Task A_401_to_a_bare_IP_address_hints_that_the_server_is_routed_by_host_name()
    {
        using var stub = StubServer.Start(async context =>
            await WriteJsonAsync(context, 401, new { status = 401, message = "Unauthorized" }));
        using var byAddress = StubClient(stub, configure: s => s.ApiVersion = "v3");
        using var byName = new DataSourceClient(
            new DataSourceConnectionSettings(new Uri($"http://localhost:{stub.BaseUri.Port}/")) { ApiVersion = "v3", MaxAttempts = 1 },
            new PasswordCredential("admin", Secure("admin")));

        var address = await Assert.ThrowsAsync<DataSourceApiException>(() => byAddress.ConnectAsync(Timeout));
        var name = await Assert.ThrowsAsync<DataSourceApiException>(() => byName.ConnectAsync(Timeout));

        Assert.Contains("answers 401 on every path to a bare IP address such as 127.0.0.1: if the credentials are right, connect with the server's host name.", address.Message);
        Assert.DoesNotContain("host name", name.Message);
    }

    [Theory]
    [InlineData("The bearer token is malformed")]
    [InlineData("Invalid username or password")]
    public async Task A_401_that_says_why_gets_no_host_name_hint_even_to_an_IP_address(string reason)
    {
        using var stub = StubServer.Start(async context =>
            await WriteJsonAsync(context, 401, new { status = 401, message = reason }));
        using var byAddress = StubClient(stub, configure: s => s.ApiVersion = "v3");

        var refused = await Assert.ThrowsAsync<DataSourceApiException>(() => byAddress.ConnectAsync(Timeout));

        Assert.Contains(reason, refused.Message);
        Assert.DoesNotContain("host name", refused.Message);
    }

    [Fact]
    public async Task A_renewal_that_fails_while_the_token_is_still_good_sends_the_request_with_it_and_waits_before_trying_again()
    {
        var seen = new Seen();
        var logins = 0;
        using var stub = StubServer.Start(async context =>
        {
            seen.Add(context);
            if (context.Request.Path == KeycloakPath)
            {
                // The first login's token is due for renewal at once (30 s before it expires, in 20 s); the login server then fails.
                if (Interlocked.Increment(ref logins) == 1)
                {
                    await WriteJsonAsync(context, 200, new { access_token = Jwt(lifetimeSeconds: 20, issuedSecondsAgo: 3600) });
                }
                else
                {
                    await WriteJsonAsync(context, 503, new { message = "Service Unavailable" });
                }

                return;
            }

            await WriteJsonAsync(context, 200, new { status = 200, data = new { _id = "6b0000000000000000000001", resourceName = "kept", databaseType = "MYSQL" } });
        });
        using var client = StubClient(stub, configure: s => s.ApiVersion = "v3");
        await client.ConnectAsync(Timeout);

        var first = await client.GetAsync("6b0000000000000000000001", Timeout);
        var second = await client.GetAsync("6b0000000000000000000001", Timeout);

        Assert.Equal("kept", first.ResourceName);
        Assert.Equal("kept", second.ResourceName);
        Assert.Equal(2, logins);
        Assert.Equal(
            [$"POST {KeycloakPath}", $"POST {KeycloakPath}", "GET /api/public/v3/data-sources/6b0000000000000000000001", "GET /api/public/v3/data-sources/6b0000000000000000000001"],
            seen.Requests);
    }
}
