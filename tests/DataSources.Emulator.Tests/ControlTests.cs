using System.Net;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

public sealed class ControlTests : EmulatorTest
{
    protected override string[] ServerArgs => ["--seed-count", "40", "--user", "admin:admin:Admin", "--user", "reader:pw:Business_User"];

    [Fact]
    public async Task Reset_empties_the_store()
    {
        var (status, _) = await CallAsync(HttpMethod.Post, "_emulator/reset", token: null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(await FilteredNamesAsync("v1", """{"resourceNames":["*"]}"""));
    }

    [Fact]
    public async Task Reset_with_a_seed_count_reseeds_with_the_same_generator_as_the_command_line()
    {
        string[] before = await FilteredNamesAsync("v1", """{"resourceNames":["*"]}""");
        await CreateOneAsync("v1", "extra");

        var (status, body) = await CallAsync(HttpMethod.Post, "_emulator/reset", """{"seedCount":40}""", token: null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(40, body.GetProperty("count").GetInt32());
        Assert.Equal(before, await FilteredNamesAsync("v1", """{"resourceNames":["*"]}"""));
    }

    [Theory]
    [InlineData("""{"seedCount":-1}""")]
    [InlineData("""{"seedCount":"ten"}""")]
    [InlineData("""{"seeds":3}""")]
    public async Task Reset_with_a_bad_body_is_400_and_keeps_the_store(string json)
    {
        var (status, _) = await CallAsync(HttpMethod.Post, "_emulator/reset", json, token: null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(40, (await FilteredNamesAsync("v1", """{"resourceNames":["*"]}""")).Length);
    }

    [Fact]
    public async Task Stats_count_requests_by_method_and_route_template_and_by_status()
    {
        await CallAsync(HttpMethod.Delete, "_emulator/stats", token: null);
        string id = (await CreateOneAsync("v1", "counted")).GetProperty("_id").GetString()!;
        await CallAsync(HttpMethod.Get, $"{Sources("v1")}/{id}");
        await CallAsync(HttpMethod.Get, $"{Sources("v1")}/ffffffffffffffffffffffff");
        await CallAsync(HttpMethod.Patch, $"{Sources("v2")}/{id}", """{"note":"n"}""");
        await FilterAsync("v1", """{"resourceNames":["*"]}""");
        await FilterAsync("v1", """{"resourceNames":["*"]}""", "?limit=0");
        using (await Http.PostAsync("api/public/v1/auth", new FormUrlEncodedContent([new("username", "admin"), new("password", "admin")]))) { }

        var (status, stats) = await CallAsync(HttpMethod.Get, "_emulator/stats", token: null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(7, stats.GetProperty("requests").GetInt64());
        Assert.Equal(
            new Dictionary<string, long>
            {
                ["POST /api/public/v1/data-sources"] = 1,
                ["GET /api/public/v1/data-sources/{id}"] = 2,
                ["PATCH /api/public/v2/data-sources/{id}"] = 1,
                ["POST /api/public/v1/data-sources/filter"] = 2,
                ["POST /api/public/v1/auth"] = 1,
            },
            stats.GetProperty("byRoute").Deserialize<Dictionary<string, long>>());
        Assert.Equal(
            new Dictionary<string, long> { ["200"] = 4, ["201"] = 1, ["400"] = 1, ["404"] = 1 },
            stats.GetProperty("byStatus").Deserialize<Dictionary<string, long>>());
    }

    [Fact]
    public async Task Stats_count_the_Keycloak_token_route_and_by_ids()
    {
        await CallAsync(HttpMethod.Delete, "_emulator/stats", token: null);
        using (await Http.PostAsync("keycloak/realms/pdc/protocol/openid-connect/token",
            new FormUrlEncodedContent([new("username", "admin"), new("password", "admin")]))) { }
        await CallAsync(HttpMethod.Post, $"{Sources("v2")}/by-ids", """{"ids":["x"]}""");

        var (_, stats) = await CallAsync(HttpMethod.Get, "_emulator/stats", token: null);

        Assert.Equal(
            ["POST /api/public/v2/data-sources/by-ids", "POST /keycloak/realms/pdc/protocol/openid-connect/token"],
            stats.GetProperty("byRoute").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Control_routes_are_not_counted()
    {
        await CallAsync(HttpMethod.Delete, "_emulator/stats", token: null);
        await CallAsync(HttpMethod.Post, "_emulator/token", "{}", token: null);
        await CallAsync(HttpMethod.Post, "_emulator/faults", """{"rate":0}""", token: null);
        await CallAsync(HttpMethod.Delete, "_emulator/faults", token: null);
        await CallAsync(HttpMethod.Get, "_emulator/stats", token: null);

        var (_, stats) = await CallAsync(HttpMethod.Get, "_emulator/stats", token: null);

        Assert.Equal("""{"requests":0,"byRoute":{},"byStatus":{}}""", stats.GetRawText());
    }

    [Fact]
    public async Task Deleting_stats_zeroes_them()
    {
        await FilterAsync("v1", """{"resourceNames":["*"]}""");

        var (status, _) = await SendDeleteAsync("_emulator/stats");
        var (_, stats) = await CallAsync(HttpMethod.Get, "_emulator/stats", token: null);

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal(0, stats.GetProperty("requests").GetInt64());
        Assert.Empty(stats.GetProperty("byRoute").EnumerateObject());
    }

    [Fact]
    public async Task Token_mints_a_token_for_the_named_user_with_that_users_role()
    {
        string token = await MintTokenAsync("reader", lifetimeSeconds: 60);

        var (create, _) = await CallAsync(HttpMethod.Post, Sources("v1"), """{"resourceName":"r","databaseType":"AWS"}""", token);
        var (read, _) = await FilterAsync("v1", """{"ids":["x"]}""");

        Assert.Equal(HttpStatusCode.Forbidden, create);
        Assert.Equal(HttpStatusCode.OK, read);
    }

    [Fact]
    public async Task Token_with_a_negative_lifetime_is_already_expired()
    {
        string token = await MintTokenAsync("admin", lifetimeSeconds: -10);

        var (status, _) = await CallAsync(HttpMethod.Post, $"{Sources("v2")}/filter", """{"filters":{"ids":["x"]}}""", token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Token_for_an_unknown_user_is_400()
    {
        var (status, _) = await CallAsync(HttpMethod.Post, "_emulator/token", """{"user":"mallory"}""", token: null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Control_routes_need_no_token()
    {
        var (reset, _) = await CallAsync(HttpMethod.Post, "_emulator/reset", "{}", token: null);
        var (stats, _) = await CallAsync(HttpMethod.Get, "_emulator/stats", token: null);
        var (faults, _) = await CallAsync(HttpMethod.Post, "_emulator/faults", """{"rate":0}""", token: null);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { reset, stats, faults });
    }

    private async Task<(HttpStatusCode, string)> SendDeleteAsync(string path)
    {
        using var response = await Http.DeleteAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
