using System.Net;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

/// <summary>Names with spaces, unknown keys, and the shape of the framework's errors, under their switches.</summary>
public sealed class ValidationTests : EmulatorTest
{
    [Theory]
    [InlineData("v1", "prod orders")]
    [InlineData("v2", "prod\torders")]
    [InlineData("v3", " leading")]
    public async Task A_resourceName_with_a_space_is_400_naming_it_and_nothing_of_the_request_is_stored(string version, string name)
    {
        string json = JsonSerializer.Serialize(new object[]
        {
            new { resourceName = "fine", databaseType = "AWS" },
            new { resourceName = name, databaseType = "AWS" },
        });

        var (status, body) = await CallAsync(HttpMethod.Post, Sources(version), json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
        Assert.Contains($"'{name}'", Message(body));
        Assert.Contains("spaces", Message(body));
        Assert.Empty(await FilteredNamesAsync(version, """{"resourceNames":["*"]}"""));
    }

    [Fact]
    public async Task With_allow_spaces_in_names_a_name_with_spaces_is_created_and_found()
    {
        await SetBehaviourAsync("""{"allowSpacesInNames":true}""");

        var (status, _) = await CallAsync(HttpMethod.Post, Sources("v2"), """{"resourceName":"prod orders","databaseType":"AWS"}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(["prod orders"], await FilteredNamesAsync("v2", """{"resourceNames":["prod *"]}"""));
    }

    [Fact]
    public async Task With_unknown_keys_strip_a_create_stores_the_known_keys_and_silently_drops_the_rest()
    {
        await SetBehaviourAsync("""{"unknownKeys":"strip"}""");

        var (status, body) = await CallAsync(HttpMethod.Post, Sources("v2"),
            """{"resourceName":"s","databaseType":"AWS","colour":"red","Host":"h","incremental":true,"costPerTb":{"price":1,"tax":2},"location":{"city":"Paris","country":"FR"}}""");
        JsonElement created = body.GetProperty("data")[0];
        JsonElement stored = await StoredAsync(IdOf(created));

        Assert.Equal(HttpStatusCode.Created, status);
        foreach (JsonElement source in new[] { created, stored })
        {
            Assert.False(source.TryGetProperty("colour", out _));
            Assert.False(source.TryGetProperty("Host", out _));
            Assert.False(source.TryGetProperty("incremental", out _));
            Assert.Equal("""{"price":1}""", source.GetProperty("costPerTb").GetRawText());
            Assert.Equal("""{"country":"FR"}""", source.GetProperty("location").GetRawText());
        }
    }

    [Fact]
    public async Task With_unknown_keys_strip_a_patch_of_a_create_only_key_answers_200_and_changes_nothing_but_the_known_keys()
    {
        string id = IdOf(await CreateOneAsync("v2", "fixed-name"));
        await SetBehaviourAsync("""{"unknownKeys":"strip"}""");

        var (status, _) = await CallAsync(HttpMethod.Patch, $"{Sources("v2")}/{id}", """{"resourceName":"renamed","descripton":"typo","note":"n"}""");
        JsonElement stored = await StoredAsync(id);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("fixed-name", stored.GetProperty("resourceName").GetString());
        Assert.Equal("n", stored.GetProperty("note").GetString());
        Assert.False(stored.TryGetProperty("descripton", out _));
    }

    [Fact]
    public async Task With_unknown_keys_strip_a_value_of_the_wrong_type_is_still_400()
    {
        await SetBehaviourAsync("""{"unknownKeys":"strip"}""");

        var (status, body) = await CallAsync(HttpMethod.Post, Sources("v2"), """{"resourceName":"s","databaseType":"AWS","port":5432,"colour":"red"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("port", Message(body));
        Assert.DoesNotContain("colour", Message(body));
    }

    [Fact]
    public async Task With_error_shape_fastify_a_validation_error_is_in_Fastifys_shape()
    {
        await SetBehaviourAsync("""{"errorShape":"fastify"}""");

        var (status, body) = await CallAsync(HttpMethod.Post, Sources("v2"), """[{"resourceName":"a","databaseType":"AWS","port":5432}]""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["statusCode", "code", "error", "message"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(400, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("FST_ERR_VALIDATION", body.GetProperty("code").GetString());
        Assert.Equal("Bad Request", body.GetProperty("error").GetString());
        Assert.Equal("body/0/port must be a string", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task With_error_shape_fastify_a_patch_of_an_unknown_key_names_it_in_one_string()
    {
        string id = IdOf(await CreateOneAsync("v2", "p"));
        await SetBehaviourAsync("""{"errorShape":"fastify"}""");

        var (status, body) = await CallAsync(HttpMethod.Patch, $"{Sources("v2")}/{id}", """{"colour":"red"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("FST_ERR_VALIDATION", body.GetProperty("code").GetString());
        Assert.Contains("'colour'", body.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"resourceName":""", "application/json", 400, "FST_ERR_CTP_INVALID_JSON_BODY")]
    [InlineData("", "application/json", 400, "FST_ERR_CTP_EMPTY_JSON_BODY")]
    [InlineData("""{"resourceName":"a","databaseType":"AWS"}""", "text/plain", 415, "FST_ERR_CTP_INVALID_MEDIA_TYPE")]
    public async Task With_error_shape_fastify_bad_JSON_an_empty_body_and_a_wrong_content_type_have_Fastifys_codes(
        string json, string contentType, int expected, string code)
    {
        await SetBehaviourAsync("""{"errorShape":"fastify"}""");

        using var response = await SendAsync(HttpMethod.Post, Sources("v2"), json, contentType: contentType);
        JsonElement body = await ReadJsonAsync(response);

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal(expected, body.GetProperty("statusCode").GetInt32());
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
        Assert.False(body.TryGetProperty("status", out _));
    }

    [Theory]
    [InlineData("""{"resourceName":""", "application/json", 400)]
    [InlineData("""{"resourceName":"a","databaseType":"AWS"}""", "text/plain", 415)]
    [InlineData("""{"resourceName":"a"}""", "application/json", 400)]
    public async Task By_default_framework_errors_are_in_the_envelope(string json, string contentType, int expected)
    {
        using var response = await SendAsync(HttpMethod.Post, Sources("v2"), json, contentType: contentType);
        JsonElement body = await ReadJsonAsync(response);

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal(["status", "message"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(expected, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task With_error_shape_fastify_the_applications_own_errors_keep_the_envelope()
    {
        await CreateOneAsync("v2", "taken");
        await SetBehaviourAsync("""{"errorShape":"fastify"}""");

        var (notFound, missing) = await CallAsync(HttpMethod.Get, $"{Sources("v2")}/{UnknownId}");
        var (duplicate, taken) = await CallAsync(HttpMethod.Post, Sources("v2"), """{"resourceName":"taken","databaseType":"AWS"}""");

        Assert.Equal(HttpStatusCode.NotFound, notFound);
        Assert.Equal(404, missing.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, duplicate);
        Assert.EndsWith("Index 'resourceName_1'", Message(taken));
    }

    [Fact]
    public async Task With_error_shape_fastify_the_control_routes_keep_the_envelope()
    {
        await SetBehaviourAsync("""{"errorShape":"fastify"}""");

        var (status, body) = await CallAsync(HttpMethod.Post, "_emulator/reset", """{"seedCount":-1}""", token: null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
    }
}
