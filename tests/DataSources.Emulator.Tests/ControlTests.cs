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
        await CallAsync(HttpMethod.Post, $"{Sources("v2")}/by-ids", $$"""{"ids":["{{UnknownId}}"]}""");

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
        var (read, _) = await FilterAsync("v1", $$"""{"ids":["{{UnknownId}}"]}""");

        Assert.Equal(HttpStatusCode.Forbidden, create);
        Assert.Equal(HttpStatusCode.OK, read);
    }

    [Fact]
    public async Task Token_with_a_negative_lifetime_is_already_expired()
    {
        string token = await MintTokenAsync("admin", lifetimeSeconds: -10);

        var (status, _) = await CallAsync(HttpMethod.Post, $"{Sources("v2")}/filter", $$$"""{"filters":{"ids":["{{{UnknownId}}}"]}}""", token);

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

    [Fact]
    public async Task Behaviour_lists_every_switch_with_the_harshest_defaults()
    {
        var (status, body) = await CallAsync(HttpMethod.Get, "_emulator/behaviour", token: null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(DefaultBehaviour, body.GetRawText());
    }

    [Fact]
    public async Task Posting_part_of_the_behaviour_sets_those_keys_keeps_the_others_and_answers_the_whole()
    {
        var (status, body) = await CallAsync(HttpMethod.Post, "_emulator/behaviour",
            """{"unknownId":"null","apiVersions":["v3","v2"],"requiredHeaders":{"CF-Access-Client-Id":"id"},"bodyLimit":10}""", token: null);
        var (_, read) = await CallAsync(HttpMethod.Get, "_emulator/behaviour", token: null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(read.GetRawText(), body.GetRawText());
        Assert.Equal("null", read.GetProperty("unknownId").GetString());
        Assert.Equal(["v2", "v3"], read.GetProperty("apiVersions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("id", read.GetProperty("requiredHeaders").GetProperty("CF-Access-Client-Id").GetString());
        Assert.Equal(10, read.GetProperty("bodyLimit").GetInt64());
        Assert.Equal("stored-before", read.GetProperty("duplicates").GetString());
    }

    [Theory]
    [InlineData("""{"duplicates":"per-item","bogus":true}""", "'bogus'")]
    [InlineData("""{"duplicates":"sometimes"}""", "duplicates")]
    [InlineData("""{"clearTextReads":"yes"}""", "clearTextReads")]
    [InlineData("""{"unknownId":"418"}""", "unknownId")]
    [InlineData("""{"malformedId":"cast"}""", "malformedId")]
    [InlineData("""{"bodyLimit":-1}""", "bodyLimit")]
    [InlineData("""{"bodyLimit":1.5}""", "bodyLimit")]
    [InlineData("""{"unknownKeys":"ignore"}""", "unknownKeys")]
    [InlineData("""{"errorShape":"xml"}""", "errorShape")]
    [InlineData("""{"authRoute":"gone"}""", "authRoute")]
    [InlineData("""{"unauthenticated":403}""", "unauthenticated")]
    [InlineData("""{"apiVersions":["v4"]}""", "v4")]
    [InlineData("""{"apiVersions":[]}""", "apiVersions")]
    [InlineData("""{"requiredHeaders":{"Bad Name":"x"}}""", "Bad Name")]
    [InlineData("""{"requiredHeaders":["CF-Access-Client-Id"]}""", "requiredHeaders")]
    [InlineData("""{"latencyMs":"10"}""", "latencyMs")]
    [InlineData("""{"requireHostName":1}""", "requireHostName")]
    public async Task Posting_an_unknown_key_or_a_bad_value_is_400_naming_it_and_changes_nothing(string json, string named)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, "_emulator/behaviour", json, token: null);
        var (_, read) = await CallAsync(HttpMethod.Get, "_emulator/behaviour", token: null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(named, Message(body));
        Assert.Equal(DefaultBehaviour, read.GetRawText());
    }

    [Fact]
    public async Task Deleting_the_behaviour_restores_the_command_lines()
    {
        await using var server = await EmulatorServer.StartAsync("--unknown-id", "500", "--clear-text-reads");
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        using (await http.PostAsync("_emulator/behaviour", new StringContent("""{"unknownId":"400","clearTextReads":false,"latencyMs":5}""",
            System.Text.Encoding.UTF8, "application/json"))) { }

        using var deleted = await http.DeleteAsync("_emulator/behaviour");
        JsonElement read = await ReadJsonAsync(await http.GetAsync("_emulator/behaviour"));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("500", read.GetProperty("unknownId").GetString());
        Assert.True(read.GetProperty("clearTextReads").GetBoolean());
        Assert.Equal(0, read.GetProperty("latencyMs").GetInt32());
    }

    [Fact]
    public async Task Reset_keeps_the_behaviour()
    {
        await SetBehaviourAsync("""{"duplicates":"per-item"}""");

        await CallAsync(HttpMethod.Post, "_emulator/reset", "{}", token: null);
        var (_, read) = await CallAsync(HttpMethod.Get, "_emulator/behaviour", token: null);

        Assert.Equal("per-item", read.GetProperty("duplicates").GetString());
    }

    [Fact]
    public async Task A_stored_source_shows_every_field_in_clear_secrets_and_patch_only_fields_included()
    {
        string id = IdOf((await CreateAsync("v2",
            """{"resourceName":"whole","databaseType":"AWS","userName":"svc","password":"hunter2","owners":[{"name":"Ann"}]}"""))[0]);
        await CallAsync(HttpMethod.Patch, $"{Sources("v2")}/{id}", """{"incremental":true}""");

        var (status, stored) = await CallAsync(HttpMethod.Get, $"_emulator/sources/{id}", token: null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id, stored.GetProperty("_id").GetString());
        Assert.Equal("svc", stored.GetProperty("userName").GetString());
        Assert.Equal("hunter2", stored.GetProperty("password").GetString());
        Assert.Equal("Ann", stored.GetProperty("owners")[0].GetProperty("name").GetString());
        Assert.True(stored.GetProperty("incremental").GetBoolean());
        Assert.True(Guid.TryParse(stored.GetProperty("userId").GetString(), out _));
    }

    [Fact]
    public async Task Stored_sources_list_in_creation_order_and_narrow_by_name_patterns()
    {
        await CallAsync(HttpMethod.Post, "_emulator/reset", "{}", token: null);
        await CreateAsync("v2", """[{"resourceName":"prod-a","databaseType":"AWS","userName":"a"},{"resourceName":"dev-b","databaseType":"AWS"},{"resourceName":"prod-c","databaseType":"AWS"}]""");

        var (status, all) = await CallAsync(HttpMethod.Get, "_emulator/sources", token: null);
        var (_, prod) = await CallAsync(HttpMethod.Get, "_emulator/sources?resourceName=prod-*", token: null);
        var (_, two) = await CallAsync(HttpMethod.Get, "_emulator/sources?resourceName=dev-b&resourceName=prod-c", token: null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["prod-a", "dev-b", "prod-c"], all.EnumerateArray().Select(s => s.GetProperty("resourceName").GetString()));
        Assert.Equal("a", all[0].GetProperty("userName").GetString());
        Assert.Equal(["prod-a", "prod-c"], prod.EnumerateArray().Select(s => s.GetProperty("resourceName").GetString()));
        Assert.Equal(["dev-b", "prod-c"], two.EnumerateArray().Select(s => s.GetProperty("resourceName").GetString()));
    }

    [Theory]
    [InlineData("ffffffffffffffffffffffff")]
    [InlineData("not-an-id")]
    public async Task A_stored_source_that_does_not_exist_is_404(string id)
    {
        var (status, body) = await CallAsync(HttpMethod.Get, $"_emulator/sources/{id}", token: null);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains(id, Message(body));
    }

    private const string DefaultBehaviour =
        """{"duplicates":"stored-before","allowSpacesInNames":false,"clearTextReads":false,"returnPatchOnlyFields":false,"returnOwners":false,"unknownId":"404","malformedId":"cast-error","bodyLimit":1048576,"unknownKeys":"reject","errorShape":"envelope","authRoute":"served","keycloakRoute":"served","unauthenticated":"401","apiVersions":["v1","v2","v3"],"requireHostName":false,"requiredHeaders":{},"latencyMs":0}""";

    private async Task<(HttpStatusCode, string)> SendDeleteAsync(string path)
    {
        using var response = await Http.DeleteAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
