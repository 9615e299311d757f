using System.Buffers.Text;
using System.Net;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

public sealed class LoginTests : EmulatorTest
{
    protected override string[] ServerArgs =>
        ["--user", "alice:s3cret:Data_Steward", "--user", "bob:pa:ss:Business_User", "--token-lifetime", "120"];

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    public async Task Auth_with_good_credentials_answers_OK_and_a_JWT_with_the_users_name_roles_and_expiry(string version)
    {
        var (status, body) = await AuthAsync(version, ("username", "alice"), ("password", "s3cret"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("OK", body.GetProperty("message").GetString());
        JsonElement claims = Claims(body.GetProperty("data").GetProperty("accessToken").GetString()!);
        Assert.Equal("alice", claims.GetProperty("preferred_username").GetString());
        Assert.Equal(["Data_Steward"], claims.GetProperty("realm_access").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(120, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task The_token_carries_the_claims_of_a_Keycloak_token_email_name_and_a_uuid_subject()
    {
        var (_, body) = await AuthAsync("v2", ("username", "alice"), ("password", "s3cret"));

        JsonElement claims = Claims(body.GetProperty("data").GetProperty("accessToken").GetString()!);
        Assert.Equal("alice@example.com", claims.GetProperty("email").GetString());
        Assert.Equal("alice", claims.GetProperty("name").GetString());
        Assert.True(Guid.TryParse(claims.GetProperty("sub").GetString(), out _));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    public async Task With_auth_route_absent_auth_is_an_unknown_route_404_and_Keycloak_still_logs_in(string version)
    {
        await SetBehaviourAsync("""{"authRoute":"absent"}""");

        var (status, body) = await AuthAsync(version, ("username", "alice"), ("password", "s3cret"));
        using var keycloak = await Http.PostAsync("keycloak/realms/pdc/protocol/openid-connect/token", Form(
            ("grant_type", "password"), ("client_id", "pdc-client"), ("username", "alice"), ("password", "s3cret")));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"Route POST:/api/public/{version}/auth not found", Message(body));
        Assert.Equal(HttpStatusCode.OK, keycloak.StatusCode);
    }

    [Fact]
    public async Task With_keycloak_route_absent_its_token_endpoint_is_404_and_auth_still_logs_in()
    {
        await SetBehaviourAsync("""{"keycloakRoute":"absent"}""");

        using var keycloak = await Http.PostAsync("keycloak/realms/pdc/protocol/openid-connect/token", Form(
            ("grant_type", "password"), ("client_id", "pdc-client"), ("username", "alice"), ("password", "s3cret")));
        var (status, _) = await AuthAsync("v3", ("username", "alice"), ("password", "s3cret"));

        Assert.Equal(HttpStatusCode.NotFound, keycloak.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task With_auth_route_no_token_good_credentials_get_200_OK_without_a_token()
    {
        await SetBehaviourAsync("""{"authRoute":"no-token"}""");

        var (status, body) = await AuthAsync("v2", ("username", "alice"), ("password", "s3cret"));
        var (refused, _) = await AuthAsync("v2", ("username", "alice"), ("password", "wrong"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"message":"OK","data":{}}""", body.GetRawText());
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Auth_token_is_HS256(string version)
    {
        var (_, body) = await AuthAsync(version, ("username", "alice"), ("password", "s3cret"));
        string token = body.GetProperty("data").GetProperty("accessToken").GetString()!;

        using JsonDocument header = JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[0]));
        Assert.Equal("HS256", header.RootElement.GetProperty("alg").GetString());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Auth_accepts_the_optional_client_id_grant_type_and_scope_fields(string version)
    {
        var (status, _) = await AuthAsync(version,
            ("username", "alice"), ("password", "s3cret"), ("client_id", "pdc-client"), ("grant_type", "password"), ("scope", "openid"));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("v1", "alice", "wrong")]
    [InlineData("v2", "alice", "wrong")]
    [InlineData("v1", "nobody", "s3cret")]
    [InlineData("v1", "admin", "admin")]
    public async Task Auth_with_wrong_credentials_is_401_in_the_error_envelope(string version, string user, string password)
    {
        var (status, body) = await AuthAsync(version, ("username", user), ("password", password));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
    }

    [Theory]
    [InlineData("v1", "grant_type", "client_credentials", HttpStatusCode.BadRequest)]
    [InlineData("v2", "grant_type", "client_credentials", HttpStatusCode.BadRequest)]
    [InlineData("v1", "client_id", "another-client", HttpStatusCode.Unauthorized)]
    public async Task Auth_refuses_another_grant_type_or_client(string version, string field, string value, HttpStatusCode expected)
    {
        var (status, _) = await AuthAsync(version, ("username", "alice"), ("password", "s3cret"), (field, value));

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task A_user_password_may_contain_colons_when_a_role_follows()
    {
        var (status, body) = await AuthAsync("v1", ("username", "bob"), ("password", "pa:ss"));

        Assert.Equal(HttpStatusCode.OK, status);
        JsonElement claims = Claims(body.GetProperty("data").GetProperty("accessToken").GetString()!);
        Assert.Equal("Business_User", claims.GetProperty("realm_access").GetProperty("roles")[0].GetString());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Auth_with_a_JSON_body_is_415(string version)
    {
        using var response = await SendAsync(HttpMethod.Post, $"api/public/{version}/auth", """{"username":"alice","password":"s3cret"}""", token: null);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Keycloak_token_endpoint_answers_access_token_expires_in_and_token_type()
    {
        using var response = await Http.PostAsync("keycloak/realms/pdc/protocol/openid-connect/token", Form(
            ("grant_type", "password"), ("client_id", "pdc-client"), ("username", "alice"), ("password", "s3cret")));
        JsonElement body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(120, body.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal("alice", Claims(body.GetProperty("access_token").GetString()!).GetProperty("preferred_username").GetString());
    }

    [Fact]
    public async Task Keycloak_token_endpoint_refuses_wrong_credentials_with_401()
    {
        using var response = await Http.PostAsync("keycloak/realms/pdc/protocol/openid-connect/token", Form(
            ("grant_type", "password"), ("client_id", "pdc-client"), ("username", "alice"), ("password", "nope")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_grant", (await ReadJsonAsync(response)).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Tokens_from_both_login_routes_work_as_bearer(string version)
    {
        var (_, auth) = await AuthAsync(version, ("username", "alice"), ("password", "s3cret"));
        using var keycloak = await Http.PostAsync("keycloak/realms/pdc/protocol/openid-connect/token", Form(
            ("grant_type", "password"), ("username", "alice"), ("password", "s3cret")));
        string[] tokens =
        [
            auth.GetProperty("data").GetProperty("accessToken").GetString()!,
            (await ReadJsonAsync(keycloak)).GetProperty("access_token").GetString()!,
        ];

        foreach (string token in tokens)
        {
            var (status, _) = await FilterWithTokenAsync(version, token);
            Assert.Equal(HttpStatusCode.OK, status);
        }
    }

    [Fact]
    public async Task The_default_admin_is_replaced_by_the_users_given_on_the_command_line()
    {
        var (status, _) = await AuthAsync("v1", ("username", "admin"), ("password", "admin"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task The_signing_key_differs_between_starts_so_another_emulators_token_is_401()
    {
        await using var other = await EmulatorServer.StartAsync("--user", "alice:s3cret:Data_Steward");
        using var otherHttp = new HttpClient { BaseAddress = other.BaseUri };
        using var minted = await SendWithAsync(otherHttp, HttpMethod.Post, "_emulator/token", """{"user":"alice"}""", token: null);
        string foreignToken = (await ReadJsonAsync(minted)).GetProperty("accessToken").GetString()!;

        var (status, _) = await FilterWithTokenAsync("v1", foreignToken);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    private async Task<(HttpStatusCode, JsonElement)> AuthAsync(string version, params (string Name, string Value)[] fields)
    {
        using var response = await Http.PostAsync($"api/public/{version}/auth", Form(fields));
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    private Task<(HttpStatusCode, JsonElement)> FilterWithTokenAsync(string version, string token) =>
        CallAsync(HttpMethod.Post, $"{Sources(version)}/filter", """{"filters":{"resourceNames":["*"]}}""", token);

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static JsonElement Claims(string token)
    {
        using JsonDocument payload = JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]));
        return payload.RootElement.Clone();
    }
}
