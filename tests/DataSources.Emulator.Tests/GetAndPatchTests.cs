using System.Net;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

public sealed class GetAndPatchTests : EmulatorTest
{
    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Get_by_id_answers_200_with_the_object_as_data(string version)
    {
        string id = (await CreateOneAsync(version, "one")).GetProperty("_id").GetString()!;

        var (status, body) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, body.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Object, body.GetProperty("data").ValueKind);
        Assert.Equal(id, body.GetProperty("data").GetProperty("_id").GetString());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    public async Task Get_of_an_unknown_id_is_404_with_a_string_message(string version)
    {
        await CreateOneAsync(version, "one");

        var (status, body) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{UnknownId}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, body.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Patch_changes_only_the_fields_sent_and_answers_the_updated_object(string version)
    {
        JsonElement created = (await CreateAsync(version,
            """{"resourceName":"p","databaseType":"POSTGRES","host":"old-host","port":"5432","note":"keep me"}"""))[0];
        string id = created.GetProperty("_id").GetString()!;

        var (status, body) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", """{"host":"new-host","availableForWriting":true}""");
        var (_, read) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        JsonElement data = body.GetProperty("data");
        Assert.Equal(JsonValueKind.Object, data.ValueKind);
        Assert.Equal("new-host", data.GetProperty("host").GetString());
        Assert.True(data.GetProperty("availableForWriting").GetBoolean());
        Assert.Equal("5432", data.GetProperty("port").GetString());
        Assert.Equal("keep me", data.GetProperty("note").GetString());
        Assert.Equal("p", data.GetProperty("resourceName").GetString());
        Assert.Equal(created.GetProperty("date").GetString(), data.GetProperty("date").GetString());
        Assert.Equal(data.ToString(), read.GetProperty("data").ToString());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Patch_replaces_an_array_whole(string version)
    {
        string id = (await CreateAsync(version,
            """{"resourceName":"p","databaseType":"AWS","includePatterns":["a","b","c"],"excludePatterns":["x"]}"""))[0].GetProperty("_id").GetString()!;

        var (_, body) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", """{"includePatterns":["z"]}""");

        Assert.Equal(["z"], body.GetProperty("data").GetProperty("includePatterns").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["x"], body.GetProperty("data").GetProperty("excludePatterns").EnumerateArray().Select(p => p.GetString()));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Patch_accepts_and_stores_the_patch_only_keys_scanSinceTimeframe_and_incremental(string version)
    {
        string id = (await CreateOneAsync(version, "p")).GetProperty("_id").GetString()!;

        var (status, _) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", """{"scanSinceTimeframe":"P7D","incremental":true}""");
        JsonElement stored = await StoredAsync(id);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("P7D", stored.GetProperty("scanSinceTimeframe").GetString());
        Assert.True(stored.GetProperty("incremental").GetBoolean());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Patch_accepts_each_of_the_32_keys(string version)
    {
        string id = (await CreateOneAsync(version, "p")).GetProperty("_id").GetString()!;
        const string all = """
            {"userName":"u","password":"p","accessId":"a","secretKey":"s","secretManagerKey":"m","accountName":"n",
             "azureSharedKey":"k","azureTenantId":"t","role":"r","region":"eu","host":"h","port":"1","databaseName":"d",
             "warehouse":"w","uri":"x","path":"/p","driverClassName":"D","note":"n","description":"d","affinityId":"a",
             "lastTestConnectionId":"l","lastIngestId":"i","availableForMigration":true,"availableForWriting":false,
             "availableForDataMastering":true,"costPerTb":{"price":1,"currency":"USD","frequency":"year"},"totalCapacity":3,
             "location":{"country":"FR"},"includePatterns":["i"],"excludePatterns":["e"],"scanSinceTimeframe":"P1D","incremental":false}
            """;

        var (status, body) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", all);

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal(32, JsonDocument.Parse(all).RootElement.EnumerateObject().Count());
    }

    [Theory]
    [InlineData("v1", "resourceName", "\"renamed\"")]
    [InlineData("v2", "resourceName", "\"renamed\"")]
    [InlineData("v1", "databaseType", "\"MYSQL\"")]
    [InlineData("v1", "fqdnId", "\"f\"")]
    [InlineData("v1", "configMethod", "\"c\"")]
    [InlineData("v2", "schemaNames", "[\"s\"]")]
    [InlineData("v1", "sslType", "\"encryptionOnly\"")]
    [InlineData("v1", "_id", "\"0\"")]
    [InlineData("v1", "colour", "\"red\"")]
    public async Task Patch_of_a_key_outside_the_32_is_400_naming_the_key_and_changes_nothing(string version, string key, string value)
    {
        string id = (await CreateOneAsync(version, "fixed")).GetProperty("_id").GetString()!;

        var (status, body) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", $$"""{"note":"changed","{{key}}":{{value}}}""");
        var (_, read) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"'{key}'", Message(body));
        Assert.False(read.GetProperty("data").TryGetProperty("note", out _));
    }

    [Theory]
    [InlineData("v1", "port", "5432")]
    [InlineData("v2", "incremental", "\"yes\"")]
    [InlineData("v1", "includePatterns", "\"*\"")]
    [InlineData("v1", "totalCapacity", "\"1\"")]
    [InlineData("v1", "costPerTb", """{"frequency":"hourly"}""")]
    public async Task Patch_with_a_value_of_the_wrong_type_is_400(string version, string key, string value)
    {
        string id = (await CreateOneAsync(version, "typed")).GetProperty("_id").GetString()!;

        var (status, body) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", $$"""{"{{key}}":{{value}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(key, Message(body));
    }

    [Theory]
    [InlineData("a%2Fb", "a/b")]
    [InlineData("a%252Fb", "a%2Fb")]
    [InlineData("caf%C3%A9%3F%23", "café?#")]
    public async Task A_cast_error_names_the_id_as_the_client_meant_it_unescaped(string segment, string id)
    {
        var (getStatus, got) = await CallAsync(HttpMethod.Get, $"{Sources("v1")}/{segment}");
        var (patchStatus, patched) = await CallAsync(HttpMethod.Patch, $"{Sources("v1")}/{segment}", """{"note":"n"}""");

        string expected = $"Cast to ObjectId failed for value \"{id}\" (type string) at path \"_id\" for model \"DataSource\"";
        Assert.Equal(HttpStatusCode.InternalServerError, getStatus);
        Assert.Equal(expected, got.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.InternalServerError, patchStatus);
        Assert.Equal(expected, patched.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("a%2Fb", "a/b")]
    [InlineData("a%252Fb", "a%2Fb")]
    [InlineData("caf%C3%A9%3F%23", "café?#")]
    public async Task A_404_names_the_id_as_the_client_meant_it_unescaped(string segment, string id)
    {
        await SetBehaviourAsync("""{"malformedId":"unknown"}""");

        var (getStatus, got) = await CallAsync(HttpMethod.Get, $"{Sources("v1")}/{segment}");
        var (patchStatus, patched) = await CallAsync(HttpMethod.Patch, $"{Sources("v1")}/{segment}", """{"note":"n"}""");

        Assert.Equal(HttpStatusCode.NotFound, getStatus);
        Assert.Equal($"No data source has the id '{id}'.", got.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, patchStatus);
        Assert.Equal($"No data source has the id '{id}'.", patched.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Patch_of_an_unknown_id_is_404(string version)
    {
        var (status, body) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{UnknownId}", """{"note":"n"}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_patched_secret_is_not_returned_and_the_other_fields_survive(string version)
    {
        string id = (await CreateAsync(version, """{"resourceName":"s","databaseType":"AWS","secretKey":"old-secret","region":"eu"}"""))[0]
            .GetProperty("_id").GetString()!;

        var (_, patched) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", """{"secretKey":"new-secret","password":"pw"}""");
        var (_, read) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{id}");

        foreach (JsonElement data in new[] { patched.GetProperty("data"), read.GetProperty("data") })
        {
            Assert.False(data.TryGetProperty("secretKey", out _));
            Assert.False(data.TryGetProperty("password", out _));
            Assert.DoesNotContain("secret\"", data.ToString());
            Assert.Equal("eu", data.GetProperty("region").GetString());
        }
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Patch_replaces_costPerTb_and_location_objects(string version)
    {
        string id = (await CreateAsync(version,
            """{"resourceName":"c","databaseType":"AWS","costPerTb":{"price":1,"currency":"USD","frequency":"month"}}"""))[0]
            .GetProperty("_id").GetString()!;

        var (_, body) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", """{"costPerTb":{"price":2}}""");

        Assert.Equal("""{"price":2}""", body.GetProperty("data").GetProperty("costPerTb").GetRawText());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Patch_with_a_body_that_is_not_an_object_is_400(string version)
    {
        string id = (await CreateOneAsync(version, "p")).GetProperty("_id").GetString()!;

        var (status, _) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", """[{"note":"n"}]""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}
