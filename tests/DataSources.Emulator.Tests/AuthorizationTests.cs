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
        foreach (string v in new[] { "v1", "v2" })
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
        var (status, _) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/filter", """{"filters":{"ids":["x"]}}""", token);

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
        var (genuineStatus, _) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/filter", """{"filters":{"ids":["x"]}}""", token);

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
        Assert.Equal("steward", body.GetProperty("data")[0].GetProperty("userId").GetString());
    }
}
