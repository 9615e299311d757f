using System.Buffers.Text;
using System.Net;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

/// <summary>What reads return of a stored source: encrypted values, fields never returned, owners, userId.</summary>
public sealed class ReadTests : EmulatorTest
{
    protected override string[] ServerArgs => ["--user", "admin:admin:Admin", "--user", "steward:pw:Data_Steward"];

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    public async Task UserName_and_accessId_come_back_encrypted_from_create_get_patch_by_ids_and_filter(string version)
    {
        var (_, created) = await CallAsync(HttpMethod.Post, Sources(version),
            """{"resourceName":"enc","databaseType":"AWS","userName":"svc_orders","accessId":"AKIA-clear","region":"eu"}""");
        string id = IdOf(created.GetProperty("data")[0]);
        var (_, patched) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", """{"note":"n"}""");

        foreach (JsonElement answer in await EveryReadAsync(version, id, created.GetProperty("data")[0], patched.GetProperty("data")))
        {
            Assert.Matches(CiphertextPattern, answer.GetProperty("userName").GetString());
            Assert.Matches(CiphertextPattern, answer.GetProperty("accessId").GetString());
            Assert.DoesNotContain("svc_orders", answer.ToString());
            Assert.DoesNotContain("AKIA-clear", answer.ToString());
            Assert.Equal("eu", answer.GetProperty("region").GetString());
        }
    }

    [Fact]
    public async Task A_ciphertext_is_one_per_stored_value_the_same_on_every_read_of_it_and_new_for_a_new_value()
    {
        JsonElement data = await CreateAsync("v2",
            """[{"resourceName":"one","databaseType":"POSTGRES","userName":"same"},{"resourceName":"two","databaseType":"POSTGRES","userName":"same"}]""");
        string first = data[0].GetProperty("userName").GetString()!;
        string id = IdOf(data[0]);

        var (_, again) = await CallAsync(HttpMethod.Get, $"{Sources("v2")}/{id}");
        var (_, afterOtherPatch) = await CallAsync(HttpMethod.Patch, $"{Sources("v2")}/{id}", """{"note":"n"}""");
        var (_, afterNewValue) = await CallAsync(HttpMethod.Patch, $"{Sources("v2")}/{id}", """{"userName":"same"}""");

        Assert.NotEqual(first, data[1].GetProperty("userName").GetString());
        Assert.Equal(first, again.GetProperty("data").GetProperty("userName").GetString());
        Assert.Equal(first, afterOtherPatch.GetProperty("data").GetProperty("userName").GetString());
        Assert.NotEqual(first, afterNewValue.GetProperty("data").GetProperty("userName").GetString());
        Assert.Matches(CiphertextPattern, afterNewValue.GetProperty("data").GetProperty("userName").GetString());
    }

    [Fact]
    public async Task A_ciphertext_holds_a_nonce_the_sealed_value_and_a_tag()
    {
        JsonElement created = await CreateOneWithAsync("""{"resourceName":"sized","databaseType":"POSTGRES","userName":"twelve-chars"}""");

        string ciphertext = created.GetProperty("userName").GetString()!;
        byte[] sealedValue = Convert.FromBase64String(ciphertext["AES/GCM/NoPadding|".Length..]);

        Assert.Equal(12 + "twelve-chars".Length + 16, sealedValue.Length);
    }

    [Fact]
    public async Task The_store_keeps_userName_and_accessId_in_clear()
    {
        JsonElement created = await CreateOneWithAsync("""{"resourceName":"clear","databaseType":"AWS","userName":"svc","accessId":"ak"}""");

        JsonElement stored = await StoredAsync(IdOf(created));

        Assert.Equal("svc", stored.GetProperty("userName").GetString());
        Assert.Equal("ak", stored.GetProperty("accessId").GetString());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task With_clear_text_reads_every_read_returns_userName_and_accessId_as_stored(string version)
    {
        await SetBehaviourAsync("""{"clearTextReads":true}""");

        var (_, created) = await CallAsync(HttpMethod.Post, Sources(version),
            """{"resourceName":"plain","databaseType":"AWS","userName":"svc_orders","accessId":"AKIA-clear"}""");
        string id = IdOf(created.GetProperty("data")[0]);
        var (_, patched) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", """{"accessId":"AKIA-new"}""");

        foreach (JsonElement answer in await EveryReadAsync(version, id, created.GetProperty("data")[0], patched.GetProperty("data")))
            Assert.Equal("svc_orders", answer.GetProperty("userName").GetString());
        Assert.Equal("AKIA-clear", created.GetProperty("data")[0].GetProperty("accessId").GetString());
        Assert.Equal("AKIA-new", patched.GetProperty("data").GetProperty("accessId").GetString());
    }

    [Fact]
    public async Task Switching_reads_at_run_time_changes_the_answers_for_sources_already_stored()
    {
        string id = IdOf(await CreateOneWithAsync("""{"resourceName":"s","databaseType":"AWS","userName":"svc"}"""));

        await SetBehaviourAsync("""{"clearTextReads":true}""");
        var (_, clear) = await CallAsync(HttpMethod.Get, $"{Sources("v2")}/{id}");
        await SetBehaviourAsync("""{"clearTextReads":false}""");
        var (_, encrypted) = await CallAsync(HttpMethod.Get, $"{Sources("v2")}/{id}");

        Assert.Equal("svc", clear.GetProperty("data").GetProperty("userName").GetString());
        Assert.Matches(CiphertextPattern, encrypted.GetProperty("data").GetProperty("userName").GetString());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    public async Task Incremental_and_scanSinceTimeframe_are_stored_by_patch_but_never_returned(string version)
    {
        string id = IdOf(await CreateOneAsync(version, "scan"));

        var (status, patched) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", """{"incremental":true,"scanSinceTimeframe":"P7D","note":"n"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        foreach (JsonElement answer in await EveryReadAsync(version, id, patched.GetProperty("data")))
        {
            Assert.False(answer.TryGetProperty("incremental", out _));
            Assert.False(answer.TryGetProperty("scanSinceTimeframe", out _));
            Assert.Equal("n", answer.GetProperty("note").GetString());
        }
        JsonElement stored = await StoredAsync(id);
        Assert.True(stored.GetProperty("incremental").GetBoolean());
        Assert.Equal("P7D", stored.GetProperty("scanSinceTimeframe").GetString());
    }

    [Fact]
    public async Task With_return_patch_only_fields_incremental_and_scanSinceTimeframe_are_returned()
    {
        await SetBehaviourAsync("""{"returnPatchOnlyFields":true}""");
        string id = IdOf(await CreateOneAsync("v2", "scan"));

        var (_, patched) = await CallAsync(HttpMethod.Patch, $"{Sources("v2")}/{id}", """{"incremental":false,"scanSinceTimeframe":"P1D"}""");

        foreach (JsonElement answer in await EveryReadAsync("v2", id, patched.GetProperty("data")))
        {
            Assert.False(answer.GetProperty("incremental").GetBoolean());
            Assert.Equal("P1D", answer.GetProperty("scanSinceTimeframe").GetString());
        }
    }

    [Fact]
    public async Task Owners_come_back_as_one_empty_object_each()
    {
        JsonElement created = await CreateOneWithAsync(
            """{"resourceName":"owned","databaseType":"AWS","owners":[{"name":"Ann","email":"ann@example.com"},{"id":"42"}]}""");
        string id = IdOf(created);

        foreach (JsonElement answer in await EveryReadAsync("v2", id, created))
            Assert.Equal("[{},{}]", answer.GetProperty("owners").GetRawText());
        Assert.Equal("Ann", (await StoredAsync(id)).GetProperty("owners")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task With_return_owners_owners_come_back_as_stored()
    {
        await SetBehaviourAsync("""{"returnOwners":true}""");

        JsonElement created = await CreateOneWithAsync("""{"resourceName":"owned","databaseType":"AWS","owners":[{"name":"Ann"}]}""");
        var (_, read) = await CallAsync(HttpMethod.Get, $"{Sources("v2")}/{IdOf(created)}");

        Assert.Equal("""[{"name":"Ann"}]""", created.GetProperty("owners").GetRawText());
        Assert.Equal("""[{"name":"Ann"}]""", read.GetProperty("data").GetProperty("owners").GetRawText());
    }

    [Fact]
    public async Task UserId_is_a_uuid_per_user_the_same_for_each_of_its_sources_and_the_sub_of_its_token()
    {
        string steward = await MintTokenAsync("steward");

        string admin1 = (await CreateOneAsync("v2", "by-admin-1")).GetProperty("userId").GetString()!;
        string admin2 = (await CreateOneAsync("v2", "by-admin-2")).GetProperty("userId").GetString()!;
        var (_, bySteward) = await CallAsync(HttpMethod.Post, Sources("v2"), """{"resourceName":"by-steward","databaseType":"AWS"}""", steward);
        string stewardId = bySteward.GetProperty("data")[0].GetProperty("userId").GetString()!;

        Assert.True(Guid.TryParse(admin1, out _), admin1);
        Assert.True(Guid.TryParse(stewardId, out _), stewardId);
        Assert.Equal(admin1, admin2);
        Assert.NotEqual(admin1, stewardId);
        Assert.Equal(admin1, Claims(AdminToken).GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Seeded_sources_carry_the_first_users_uuid()
    {
        await CallAsync(HttpMethod.Post, "_emulator/reset", """{"seedCount":3}""", token: null);

        var (_, body) = await FilterAsync("v2", """{"resourceNames":["*"]}""");

        Assert.All(body.GetProperty("data").EnumerateArray(),
            s => Assert.Equal(Claims(AdminToken).GetProperty("sub").GetString(), s.GetProperty("userId").GetString()));
    }

    private async Task<JsonElement> CreateOneWithAsync(string json) => (await CreateAsync("v2", json))[0];

    // The given answers, then the source as GET, by-ids and filter read it.
    private async Task<List<JsonElement>> EveryReadAsync(string version, string id, params JsonElement[] answers)
    {
        var (_, get) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{id}");
        var (_, byIds) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/by-ids", $$"""{"ids":["{{id}}"]}""");
        var (_, filter) = await FilterAsync(version, $$"""{"ids":["{{id}}"]}""");
        return [.. answers, get.GetProperty("data"), byIds.GetProperty("data")[0], filter.GetProperty("data")[0]];
    }

    private static JsonElement Claims(string token)
    {
        using JsonDocument payload = JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]));
        return payload.RootElement.Clone();
    }
}
