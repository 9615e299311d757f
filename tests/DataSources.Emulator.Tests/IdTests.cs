using System.Net;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

/// <summary>Ids no source has, and values that are not ObjectIds, under the unknownId and malformedId switches.</summary>
public sealed class IdTests : EmulatorTest
{
    private const string NotAnId = "prod-orders";

    private static string CastError(string value) =>
        $"Cast to ObjectId failed for value \"{value}\" (type string) at path \"_id\" for model \"DataSource\"";

    [Theory]
    [InlineData("404", HttpStatusCode.NotFound)]
    [InlineData("400", HttpStatusCode.BadRequest)]
    [InlineData("500", HttpStatusCode.InternalServerError)]
    public async Task An_unknown_id_on_get_and_patch_answers_the_status_of_the_switch_with_a_string_message(string unknownId, HttpStatusCode expected)
    {
        await SetBehaviourAsync($$"""{"unknownId":"{{unknownId}}"}""");

        var (get, got) = await CallAsync(HttpMethod.Get, $"{Sources("v2")}/{UnknownId}");
        var (patch, patched) = await CallAsync(HttpMethod.Patch, $"{Sources("v2")}/{UnknownId}", """{"note":"n"}""");

        Assert.Equal([expected, expected], new[] { get, patch });
        foreach (JsonElement body in new[] { got, patched })
        {
            Assert.Equal((int)expected, body.GetProperty("status").GetInt32());
            Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
        }
    }

    [Fact]
    public async Task An_unknown_id_answered_404_or_400_names_the_id()
    {
        var (_, notFound) = await CallAsync(HttpMethod.Get, $"{Sources("v2")}/{UnknownId}");
        await SetBehaviourAsync("""{"unknownId":400}""");
        var (_, badRequest) = await CallAsync(HttpMethod.Get, $"{Sources("v2")}/{UnknownId}");

        Assert.Contains(UnknownId, Message(notFound));
        Assert.Contains(UnknownId, Message(badRequest));
    }

    [Fact]
    public async Task With_unknown_id_null_get_and_patch_answer_200_with_data_null_and_nothing_is_created()
    {
        await SetBehaviourAsync("""{"unknownId":"null"}""");

        var (get, got) = await CallAsync(HttpMethod.Get, $"{Sources("v1")}/{UnknownId}");
        var (patch, patched) = await CallAsync(HttpMethod.Patch, $"{Sources("v1")}/{UnknownId}", """{"note":"n"}""");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], new[] { get, patch });
        Assert.Equal("""{"status":200,"data":null}""", got.GetRawText());
        Assert.Equal("""{"status":200,"data":null}""", patched.GetRawText());
        Assert.Empty(await FilteredNamesAsync("v1", """{"resourceNames":["*"]}"""));
    }

    [Fact]
    public async Task An_upper_case_id_is_the_same_ObjectId()
    {
        string id = IdOf(await CreateOneAsync("v2", "cased"));

        var (get, got) = await CallAsync(HttpMethod.Get, $"{Sources("v2")}/{id.ToUpperInvariant()}");
        var (_, byIds) = await CallAsync(HttpMethod.Post, $"{Sources("v2")}/by-ids", $$"""{"ids":["{{id.ToUpperInvariant()}}","{{id}}"]}""");

        Assert.Equal(HttpStatusCode.OK, get);
        Assert.Equal(id, IdOf(got.GetProperty("data")));
        Assert.Equal(id, IdOf(Assert.Single(byIds.GetProperty("data").EnumerateArray())));
    }

    [Theory]
    [InlineData("v1", NotAnId)]
    [InlineData("v2", "ffffffffffffffffffffffffff")]
    [InlineData("v3", "gggggggggggggggggggggggg")]
    [InlineData("v2", "fffffffffff")]
    public async Task By_default_a_value_that_is_not_an_ObjectId_on_get_or_patch_is_500_cast_to_ObjectId_failed(string version, string value)
    {
        var (get, got) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{value}");
        var (patch, patched) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{value}", """{"note":"n"}""");

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError], new[] { get, patch });
        Assert.Equal(CastError(value), got.GetProperty("message").GetString());
        Assert.Equal(CastError(value), patched.GetProperty("message").GetString());
        Assert.Equal(500, got.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task By_default_one_value_that_is_not_an_ObjectId_fails_a_whole_by_ids_request_with_500()
    {
        string id = IdOf(await CreateOneAsync("v2", "known"));

        var (status, body) = await CallAsync(HttpMethod.Post, $"{Sources("v2")}/by-ids", $$"""{"ids":["{{id}}","{{NotAnId}}","{{UnknownId}}"]}""");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(CastError(NotAnId), Message(body));
        Assert.False(body.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task By_default_one_value_that_is_not_an_ObjectId_fails_a_whole_filter_on_ids_with_500()
    {
        string id = IdOf(await CreateOneAsync("v2", "known"));

        var (status, body) = await FilterAsync("v2", $$"""{"ids":["{{id}}","{{NotAnId}}"]}""");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(CastError(NotAnId), Message(body));
    }

    [Fact]
    public async Task With_malformed_id_unknown_get_and_patch_answer_as_for_an_unknown_id()
    {
        await SetBehaviourAsync("""{"malformedId":"unknown"}""");
        var (notFound, body) = await CallAsync(HttpMethod.Get, $"{Sources("v2")}/{NotAnId}");
        var (patchNotFound, _) = await CallAsync(HttpMethod.Patch, $"{Sources("v2")}/{NotAnId}", """{"note":"n"}""");

        await SetBehaviourAsync("""{"unknownId":"null"}""");
        var (nullStatus, nullBody) = await CallAsync(HttpMethod.Get, $"{Sources("v2")}/{NotAnId}");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { notFound, patchNotFound });
        Assert.Contains(NotAnId, Message(body));
        Assert.Equal(HttpStatusCode.OK, nullStatus);
        Assert.Equal(JsonValueKind.Null, nullBody.GetProperty("data").ValueKind);
    }

    [Fact]
    public async Task With_malformed_id_unknown_by_ids_and_filter_leave_such_values_out()
    {
        string id = IdOf(await CreateOneAsync("v2", "known"));
        await SetBehaviourAsync("""{"malformedId":"unknown"}""");

        var (byIdsStatus, byIds) = await CallAsync(HttpMethod.Post, $"{Sources("v2")}/by-ids", $$"""{"ids":["{{NotAnId}}","{{id}}"]}""");
        string[] filtered = await FilteredNamesAsync("v2", $$"""{"ids":["{{NotAnId}}","{{id}}"]}""");
        string[] onlyMalformed = await FilteredNamesAsync("v2", $$"""{"ids":["{{NotAnId}}"]}""");

        Assert.Equal(HttpStatusCode.OK, byIdsStatus);
        Assert.Equal(id, IdOf(Assert.Single(byIds.GetProperty("data").EnumerateArray())));
        Assert.Equal(["known"], filtered);
        Assert.Empty(onlyMalformed);
    }
}
