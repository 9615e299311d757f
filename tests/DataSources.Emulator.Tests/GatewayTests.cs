using System.Net;
using System.Net.Http.Headers;

namespace DataSources.Emulator.Tests;

/// <summary>What stands in front of the server: routing by host name, Cloudflare Access, network latency.</summary>
public sealed class GatewayTests : EmulatorTest
{
    [Fact]
    public async Task By_default_a_request_to_the_IP_address_is_served()
    {
        var (status, _) = await FilterAsync("v2", """{"resourceNames":["*"]}""");

        Assert.Equal("127.0.0.1", Server.BaseUri.Host);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task With_require_host_name_every_path_answers_401_to_an_IP_address_login_included()
    {
        await SetBehaviourAsync("""{"requireHostName":true}""");

        var (filter, _) = await FilterAsync("v2", """{"resourceNames":["*"]}""");
        using var auth = await Http.PostAsync("api/public/v2/auth", new FormUrlEncodedContent([new("username", "admin"), new("password", "admin")]));
        using var keycloak = await Http.PostAsync("keycloak/realms/pdc/protocol/openid-connect/token",
            new FormUrlEncodedContent([new("username", "admin"), new("password", "admin")]));
        using var unknown = await Http.GetAsync("index.html");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            new[] { filter, auth.StatusCode, keycloak.StatusCode, unknown.StatusCode });
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("catalog.example.com")]
    public async Task With_require_host_name_a_request_by_host_name_is_served(string host)
    {
        await SetBehaviourAsync("""{"requireHostName":true}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/public/v2/auth")
        {
            Content = new FormUrlEncodedContent([new("username", "admin"), new("password", "admin")]),
        };
        request.Headers.Host = $"{host}:{Server.BaseUri.Port}";

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task With_required_headers_a_request_without_them_gets_Cloudflares_403_error_code_1010()
    {
        await SetBehaviourAsync("""{"requiredHeaders":{"CF-Access-Client-Id":"id.access","CF-Access-Client-Secret":"s3cret"}}""");

        using var missing = await SendAsync(HttpMethod.Post, $"{Sources("v2")}/filter", """{"filters":{"resourceNames":["*"]}}""");
        using var wrong = await SendWithHeadersAsync(("CF-Access-Client-Id", "id.access"), ("CF-Access-Client-Secret", "guess"));
        using var login = await Http.PostAsync("api/public/v2/auth", new FormUrlEncodedContent([new("username", "admin"), new("password", "admin")]));

        foreach (HttpResponseMessage response in new[] { missing, wrong, login })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("error code: 1010", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task With_required_headers_a_request_that_carries_them_in_any_case_is_served()
    {
        await SetBehaviourAsync("""{"requiredHeaders":{"CF-Access-Client-Id":"id.access","CF-Access-Client-Secret":"s3cret"}}""");

        using var response = await SendWithHeadersAsync(("cf-access-client-id", "id.access"), ("CF-ACCESS-CLIENT-SECRET", "s3cret"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Latency_delays_every_API_answer_but_not_the_control_routes()
    {
        await SetBehaviourAsync("""{"latencyMs":60000}""");
        using var impatient = ImpatientClient();

        await Assert.ThrowsAsync<TaskCanceledException>(() => SendWithAsync(impatient, HttpMethod.Post, $"{Sources("v2")}/filter", """{"filters":{"resourceNames":["*"]}}"""));
        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.PostAsync("api/public/v2/auth",
            new FormUrlEncodedContent([new("username", "admin"), new("password", "admin")])));
        using var undelayed = UndelayedClient();
        using var control = await undelayed.GetAsync("_emulator/behaviour");

        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
    }

    [Fact]
    public async Task Latency_is_half_before_the_server_acts_and_half_on_the_answers_way_back()
    {
        string early = IdOf(await CreateOneAsync("v3", "gave-up-early"));
        string late = IdOf(await CreateOneAsync("v3", "gave-up-late"));
        await SetBehaviourAsync("""{"latencyMs":6000}""");

        // Given up after 1 s, in the 3 s before the server sees the PATCH; after 4.5 s, in the 3 s
        // the answer takes to come back, after the server has stored it.
        using (var beforeServer = ImpatientClient())
        {
            await Assert.ThrowsAsync<TaskCanceledException>(() => SendWithAsync(beforeServer, HttpMethod.Patch, $"{Sources("v3")}/{early}", """{"note":"sent"}"""));
        }
        using (var onTheWayBack = ClientGivingUpAfter(TimeSpan.FromSeconds(4.5)))
        {
            await Assert.ThrowsAsync<TaskCanceledException>(() => SendWithAsync(onTheWayBack, HttpMethod.Patch, $"{Sources("v3")}/{late}", """{"note":"sent"}"""));
        }

        Assert.False((await StoredAsync(early)).TryGetProperty("note", out _));
        Assert.Equal("sent", (await StoredAsync(late)).GetProperty("note").GetString());
    }

    [Fact]
    public async Task The_control_routes_answer_whatever_the_gateway_demands()
    {
        await SetBehaviourAsync("""{"requireHostName":true,"requiredHeaders":{"CF-Access-Client-Id":"x"}}""");

        var (stats, _) = await CallAsync(HttpMethod.Get, "_emulator/stats", token: null);
        using var restore = await Http.DeleteAsync("_emulator/behaviour");
        var (served, _) = await FilterAsync("v2", """{"resourceNames":["*"]}""");

        Assert.Equal(HttpStatusCode.OK, stats);
        Assert.Equal(HttpStatusCode.NoContent, restore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served);
    }

    private async Task<HttpResponseMessage> SendWithHeadersAsync(params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Sources("v2")}/filter")
        {
            Content = new StringContent("""{"filters":{"resourceNames":["*"]}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        return await Http.SendAsync(request);
    }
}
