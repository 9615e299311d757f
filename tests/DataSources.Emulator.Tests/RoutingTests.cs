using System.Net;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

/// <summary>The versions served, and the framework's 404 for routes the server does not have.</summary>
public sealed class RoutingTests : EmulatorTest
{
    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    public async Task Every_route_is_served_on_each_version_by_default(string version)
    {
        string id = IdOf(await CreateOneAsync(version, "everywhere"));

        var (get, _) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{id}");
        var (patch, _) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", """{"note":"n"}""");
        var (byIds, _) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/by-ids", $$"""{"ids":["{{id}}"]}""");
        var (filter, _) = await FilterAsync(version, """{"resourceNames":["*"]}""");
        using var auth = await Http.PostAsync($"api/public/{version}/auth", new FormUrlEncodedContent([new("username", "admin"), new("password", "admin")]));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK],
            new[] { get, patch, byIds, filter, auth.StatusCode });
    }

    [Fact]
    public async Task With_api_versions_set_the_other_versions_answer_every_route_as_unknown_404()
    {
        string id = IdOf(await CreateOneAsync("v2", "only-v2"));
        await SetBehaviourAsync("""{"apiVersions":["v2"]}""");

        foreach (string version in new[] { "v1", "v3" })
        {
            var (create, body) = await CallAsync(HttpMethod.Post, Sources(version), """{"resourceName":"x","databaseType":"AWS"}""");
            var (get, _) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{id}");
            var (filter, _) = await FilterAsync(version, """{"resourceNames":["*"]}""");
            using var auth = await Http.PostAsync($"api/public/{version}/auth", new FormUrlEncodedContent([new("username", "admin"), new("password", "admin")]));

            Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
                new[] { create, get, filter, auth.StatusCode });
            Assert.Equal($"Route POST:/api/public/{version}/data-sources not found", Message(body));
        }
        var (served, _) = await CallAsync(HttpMethod.Get, $"{Sources("v2")}/{id}");
        Assert.Equal(HttpStatusCode.OK, served);
        Assert.Equal(["only-v2"], await FilteredNamesAsync("v2", """{"resourceNames":["*"]}"""));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    public async Task Delete_of_a_source_is_an_unknown_route_404_and_deletes_nothing(string version)
    {
        string id = IdOf(await CreateOneAsync(version, "kept"));

        var (status, body) = await CallAsync(HttpMethod.Delete, $"{Sources(version)}/{id}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"Route DELETE:/api/public/{version}/data-sources/{id} not found", Message(body));
        Assert.Equal(["kept"], await FilteredNamesAsync(version, """{"resourceNames":["*"]}"""));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    public async Task A_list_all_GET_is_an_unknown_route_404(string version)
    {
        await CreateOneAsync(version, "listed");

        var (status, body) = await CallAsync(HttpMethod.Get, Sources(version));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, body.GetProperty("status").GetInt32());
        Assert.False(body.TryGetProperty("data", out _));
    }

    [Theory]
    [InlineData("PUT", "/ffffffffffffffffffffffff")]
    [InlineData("POST", "/ffffffffffffffffffffffff")]
    [InlineData("GET", "/ffffffffffffffffffffffff/history")]
    [InlineData("POST", "/search")]
    public async Task Other_methods_and_paths_are_unknown_routes_404(string method, string suffix)
    {
        var (status, _) = await CallAsync(new HttpMethod(method), Sources("v2") + suffix, method == "GET" ? null : "{}");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task A_version_the_server_never_had_is_an_unknown_route_404()
    {
        var (status, _) = await FilterAsync("v4", """{"resourceNames":["*"]}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task With_error_shape_fastify_an_unknown_route_is_Fastifys_404()
    {
        await SetBehaviourAsync("""{"errorShape":"fastify"}""");

        var (status, body) = await CallAsync(HttpMethod.Delete, $"{Sources("v2")}/{UnknownId}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("Not Found", body.GetProperty("error").GetString());
        Assert.Equal($"Route DELETE:/api/public/v2/data-sources/{UnknownId} not found", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Requests_to_unknown_API_routes_are_counted_so_a_probe_shows_in_the_stats()
    {
        await SetBehaviourAsync("""{"apiVersions":["v2"]}""");
        await CallAsync(HttpMethod.Delete, "_emulator/stats", token: null);

        await FilterAsync("v3", """{"resourceNames":["*"]}""");
        await CallAsync(HttpMethod.Delete, $"{Sources("v2")}/{UnknownId}");

        var (_, stats) = await CallAsync(HttpMethod.Get, "_emulator/stats", token: null);
        Assert.Equal(
            new Dictionary<string, long> { ["DELETE /api/{**path}"] = 1, ["POST /api/public/v3/data-sources/filter"] = 1 },
            stats.GetProperty("byRoute").Deserialize<Dictionary<string, long>>());
        Assert.Equal("""{"404":2}""", stats.GetProperty("byStatus").GetRawText());
    }
}
