using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataSources.Emulator.Tests;

public sealed class AuthorizationTests : EmulatorTest
{
    private const string AnyId = "0123456789abcdef01234567";

    protected override string[] ServerArgs =>
        ["--user", "admin:admin:Admin", "--user", "reader:pw:Business_User", "--user", "steward:pw:Data_Steward"];

    public static TheoryData<string, string, string, string?> EveryDataSourceRoute()
    {
        var data = new TheoryData<string, string, string, string?>();
        foreach (string v in new[] { "v1", "v2", "v3" })
        {
            data.Add(v, "POST", "", """{"resourceName":"a","databaseType":"AWS"}""");
            data.Add(v, "GET", "/" + AnyId, null);
            data.Add(v, "PATCH", "/" + AnyId, """{"note":"n"}""");
            data.Add(v, "POST", "/by-ids", $$"""{"ids":["{{AnyId}}"]}""");
            data.Add(v, "POST", "/filter", """{"filters":{"resourceNames":["*"]}}""");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryDataSourceRoute))]
    public async Task A_request_without_a_token_is_401_with_a_string_message(string version, string method, string suffix, string? json)
    {
        var (status, body) = await CallAsync(new HttpMethod(method), Sources(version) + suffix, json, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
    }

    [Theory]
    [MemberData(nameof(EveryDataSourceRoute))]
    public async Task With_unauthenticated_redirect_a_missing_or_expired_token_is_a_302_to_the_Keycloak_login_page(
        string version, string method, string suffix, string? json)
    {
        await SetBehaviourAsync("""{"unauthenticated":"redirect"}""");
        string expired = await MintTokenAsync("admin", lifetimeSeconds: -10);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseUri };

        foreach (string? token in new[] { null, expired, "not-a-jwt" })
        {
            using var response = await SendWithAsync(noRedirects, new HttpMethod(method), Sources(version) + suffix, json, token);

            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            Uri location = response.Headers.Location!;
            Assert.Equal(Server.BaseUri.Authority, location.Authority);
            Assert.Equal("/keycloak/realms/pdc/protocol/openid-connect/auth", location.AbsolutePath);
            Assert.Contains("client_id=pdc-client", location.Query);
        }
    }

    [Fact]
    public async Task The_login_page_a_redirect_names_answers_200_with_an_HTML_login_form()
    {
        await SetBehaviourAsync("""{"unauthenticated":"redirect"}""");
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseUri };
        using var redirect = await SendWithAsync(noRedirects, HttpMethod.Get, $"{Sources("v2")}/{AnyId}", token: null);

        using var page = await noRedirects.GetAsync(redirect.Headers.Location);
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<form id=\"kc-form-login\"", html);
        Assert.Contains("name=\"password\"", html);
    }

    [Fact]
    public async Task A_client_that_follows_the_redirect_gets_the_HTML_login_page_with_200()
    {
        await SetBehaviourAsync("""{"unauthenticated":"redirect"}""");

        using var response = await SendAsync(HttpMethod.Post, $"{Sources("v2")}/filter", """{"filters":{"resourceNames":["*"]}}""", token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("kc-form-login", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(EveryDataSourceRoute))]
    public async Task With_unauthenticated_login_page_a_missing_token_gets_the_HTML_login_page_with_200(
        string version, string method, string suffix, string? json)
    {
        await SetBehaviourAsync("""{"unauthenticated":"login-page"}""");
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseUri };

        using var response = await SendWithAsync(noRedirects, new HttpMethod(method), Sources(version) + suffix, json, token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("kc-form-login", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_unauthenticated_switch_leaves_wrong_credentials_at_login_and_a_forbidden_role_as_they_are()
    {
        await SetBehaviourAsync("""{"unauthenticated":"redirect"}""");
        string reader = await MintTokenAsync("reader");

        using var login = await Http.PostAsync("api/public/v2/auth", new FormUrlEncodedContent([new("username", "admin"), new("password", "wrong")]));
        var (create, _) = await CallAsync(HttpMethod.Post, Sources("v2"), """{"resourceName":"r","databaseType":"AWS"}""", reader);

        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create);
    }

    [Theory]
    [MemberData(nameof(EveryDataSourceRoute))]
    public async Task A_request_with_an_expired_token_is_401(string version, string method, string suffix, string? json)
    {
        string expired = await MintTokenAsync("admin", lifetimeSeconds: -10);

        var (status, body) = await CallAsync(new HttpMethod(method), Sources(version) + suffix, json, expired);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("expired", Message(body));
    }

    [Theory]
    [InlineData("v1", "not-a-jwt")]
    [InlineData("v2", "not-a-jwt")]
    [InlineData("v1", "a.b")]
    [InlineData("v1", "a.b.c")]
    [InlineData("v2", "!!!.???.***")]
    [InlineData("v1", "..")]
    public async Task A_malformed_token_is_401(string version, string token)
    {
        var (status, _) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/filter", $$$"""{"filters":{"ids":["{{{UnknownId}}}"]}}""", token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task An_authorization_header_of_another_scheme_is_401(string version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Sources(version)}/{AnyId}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=");

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_token_whose_payload_was_altered_fails_the_signature_check_with_401(string version)
    {
        string token = await MintTokenAsync("reader");
        string[] parts = token.Split('.');
        JsonNode claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        claims["realm_access"]!["roles"] = new JsonArray("Admin");
        string forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";

        var (forgedStatus, body) = await CallAsync(HttpMethod.Post, Sources(version), """{"resourceName":"a","databaseType":"AWS"}""", forged);
        var (genuineStatus, _) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/filter", $$$"""{"filters":{"ids":["{{{UnknownId}}}"]}}""", token);

        Assert.Equal(HttpStatusCode.Unauthorized, forgedStatus);
        Assert.Contains("signature", Message(body));
        Assert.Equal(HttpStatusCode.OK, genuineStatus);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_Business_User_may_not_create_403_and_nothing_is_created(string version)
    {
        string reader = await MintTokenAsync("reader");

        var (status, body) = await CallAsync(HttpMethod.Post, Sources(version), """{"resourceName":"by-reader","databaseType":"AWS"}""", reader);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
        Assert.Empty(await FilteredNamesAsync(version, """{"resourceNames":["by-reader"]}"""));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_Business_User_may_not_patch_403_and_nothing_changes(string version)
    {
        JsonElement created = await CreateOneAsync(version, "target");
        string id = created.GetProperty("_id").GetString()!;
        string reader = await MintTokenAsync("reader");

        var (status, _) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", """{"note":"by reader"}""", reader);
        var (_, after) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{id}");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.False(after.GetProperty("data").TryGetProperty("note", out _));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_Business_User_may_read_by_id_by_ids_and_filter(string version)
    {
        string id = (await CreateOneAsync(version, "readable")).GetProperty("_id").GetString()!;
        string reader = await MintTokenAsync("reader");

        var (get, _) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{id}", token: reader);
        var (byIds, _) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/by-ids", $$"""{"ids":["{{id}}"]}""", reader);
        var (filter, _) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/filter", """{"filters":{"resourceNames":["*"]}}""", reader);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { get, byIds, filter });
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_Data_Steward_may_create_and_patch(string version)
    {
        string steward = await MintTokenAsync("steward");

        var (created, body) = await CallAsync(HttpMethod.Post, Sources(version), """{"resourceName":"by-steward","databaseType":"AWS"}""", steward);
        string id = body.GetProperty("data")[0].GetProperty("_id").GetString()!;
        var (patched, _) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", """{"note":"n"}""", steward);

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.OK, patched);
        string userId = body.GetProperty("data")[0].GetProperty("userId").GetString()!;
        Assert.True(Guid.TryParse(userId, out _), userId);
    }
}
