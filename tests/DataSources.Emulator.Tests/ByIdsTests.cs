using System.Net;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

public sealed class ByIdsTests : EmulatorTest
{
    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task By_ids_answers_in_the_order_asked_each_once_leaving_unknown_ids_out(string version)
    {
        JsonElement created = await CreateAsync(version,
            """[{"resourceName":"a","databaseType":"AWS"},{"resourceName":"b","databaseType":"AWS"},{"resourceName":"c","databaseType":"AWS"}]""");
        string[] ids = created.EnumerateArray().Select(s => s.GetProperty("_id").GetString()!).ToArray();
        string asked = JsonSerializer.Serialize(new { ids = new[] { ids[2], "ffffffffffffffffffffffff", ids[0], ids[2], ids[1] } });

        var (status, body) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/by-ids", asked);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, body.GetProperty("status").GetInt32());
        Assert.Equal(["c", "a", "b"], body.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("resourceName").GetString()));
        Assert.False(body.TryGetProperty("pageInfo", out _));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task By_ids_of_only_unknown_ids_is_an_empty_array(string version)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/by-ids", $$"""{"ids":["{{UnknownId}}"]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("v1", """{"ids":[]}""")]
    [InlineData("v2", """{"ids":[]}""")]
    [InlineData("v1", """{}""")]
    [InlineData("v1", """{"ids":"abc"}""")]
    [InlineData("v1", """{"ids":[1]}""")]
    [InlineData("v2", """{"ids":["a"],"limit":3}""")]
    [InlineData("v1", """["a"]""")]
    public async Task By_ids_with_a_bad_body_is_400(string version, string json)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/by-ids", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task By_ids_takes_ten_thousand_ids_and_refuses_one_more(string version)
    {
        string id = (await CreateOneAsync(version, "only")).GetProperty("_id").GetString()!;
        string Ids(int count) => JsonSerializer.Serialize(new { ids = Enumerable.Range(0, count).Select(i => i == 0 ? id : $"{i:x24}") });

        var (ok, body) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/by-ids", Ids(10_000));
        var (tooMany, _) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/by-ids", Ids(10_001));

        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(1, body.GetProperty("data").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany);
    }
}
