using System.Net;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

/// <summary>A create with a resourceName or fqdnId that exists, or repeats within the request, under each duplicates switch.</summary>
public sealed class DuplicateTests : EmulatorTest
{
    private const string NameIndexMessage = " Duplicate key violation on the requested collection: Index 'resourceName_1'";
    private const string FqdnIndexMessage = " Duplicate key violation on the requested collection: Index 'fqdnId_1'";

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    public async Task By_default_an_existing_name_makes_one_400_that_echoes_the_record_and_names_only_the_index(string version)
    {
        await CreateOneAsync(version, "taken");

        var (status, body) = await CallAsync(HttpMethod.Post, Sources(version),
            """[{"resourceName":"fresh-1","databaseType":"AWS"},{"resourceName":"taken","databaseType":"MYSQL","host":"db 1"},{"resourceName":"fresh-2","databaseType":"AWS"}]""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
        Assert.Equal("""{"resourceName":"taken","databaseType":"MYSQL","host":"db 1"}""" + NameIndexMessage, body.GetProperty("message").GetString());
        Assert.False(body.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task By_default_the_items_before_the_first_duplicate_are_stored_and_the_rest_are_not()
    {
        await CreateOneAsync("v2", "taken");

        await CallAsync(HttpMethod.Post, Sources("v2"),
            """[{"resourceName":"before-1","databaseType":"AWS"},{"resourceName":"before-2","databaseType":"AWS"},{"resourceName":"taken","databaseType":"AWS"},{"resourceName":"after","databaseType":"AWS"}]""");

        Assert.Equal(["taken", "before-1", "before-2"], await FilteredNamesAsync("v2", """{"resourceNames":["*"]}"""));
    }

    [Fact]
    public async Task By_default_a_name_repeated_in_one_request_stores_the_first_and_echoes_the_repeat()
    {
        var (status, body) = await CallAsync(HttpMethod.Post, Sources("v1"),
            """[{"resourceName":"twice","databaseType":"AWS"},{"resourceName":"other","databaseType":"AWS"},{"resourceName":"TWICE","databaseType":"MYSQL"},{"resourceName":"never","databaseType":"AWS"}]""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"resourceName":"TWICE","databaseType":"MYSQL"}""" + NameIndexMessage, Message(body));
        Assert.Equal(["twice", "other"], await FilteredNamesAsync("v1", """{"resourceNames":["*"]}"""));
    }

    [Fact]
    public async Task An_existing_fqdnId_is_a_duplicate_of_the_fqdnId_index()
    {
        await CreateAsync("v2", """{"resourceName":"first","databaseType":"AWS","fqdnId":"pg.corp:5432"}""");

        var (status, body) = await CallAsync(HttpMethod.Post, Sources("v2"),
            """[{"resourceName":"ok","databaseType":"AWS","fqdnId":"PG.corp:5432"},{"resourceName":"second","databaseType":"AWS","fqdnId":"pg.corp:5432"}]""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"resourceName":"second","databaseType":"AWS","fqdnId":"pg.corp:5432"}""" + FqdnIndexMessage, Message(body));
        Assert.Equal(["first", "ok"], await FilteredNamesAsync("v2", """{"resourceNames":["*"]}"""));
    }

    [Fact]
    public async Task An_fqdnId_repeated_in_one_request_is_a_duplicate_and_sources_without_one_never_are()
    {
        var (status, body) = await CallAsync(HttpMethod.Post, Sources("v1"),
            """[{"resourceName":"a","databaseType":"AWS"},{"resourceName":"b","databaseType":"AWS"},{"resourceName":"c","databaseType":"AWS","fqdnId":"f"},{"resourceName":"d","databaseType":"AWS","fqdnId":"f"}]""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.EndsWith(FqdnIndexMessage, Message(body));
        Assert.Equal(["a", "b", "c"], await FilteredNamesAsync("v1", """{"resourceNames":["*"]}"""));
    }

    [Fact]
    public async Task The_echoed_record_is_the_item_as_submitted_secrets_included()
    {
        await CreateOneAsync("v2", "taken");

        var (_, body) = await CallAsync(HttpMethod.Post, Sources("v2"), """{"resourceName":"taken","databaseType":"AWS","userName":"svc","password":"hunter2"}""");

        Assert.Equal("""{"resourceName":"taken","databaseType":"AWS","userName":"svc","password":"hunter2"}""" + NameIndexMessage, Message(body));
    }

    [Fact]
    public async Task A_request_without_a_duplicate_is_201_under_every_switch()
    {
        foreach (string mode in new[] { "stored-before", "none-stored", "per-item" })
        {
            await SetBehaviourAsync($$"""{"duplicates":"{{mode}}"}""");

            var (status, body) = await CallAsync(HttpMethod.Post, Sources("v2"),
                $$"""[{"resourceName":"{{mode}}-1","databaseType":"AWS"},{"resourceName":"{{mode}}-2","databaseType":"AWS"}]""");

            Assert.Equal(HttpStatusCode.Created, status);
            Assert.Equal(2, body.GetProperty("data").GetArrayLength());
        }
    }

    [Fact]
    public async Task None_stored_answers_the_same_400_and_stores_nothing_of_the_request()
    {
        await CreateOneAsync("v2", "taken");
        await SetBehaviourAsync("""{"duplicates":"none-stored"}""");

        var (status, body) = await CallAsync(HttpMethod.Post, Sources("v2"),
            """[{"resourceName":"before","databaseType":"AWS"},{"resourceName":"taken","databaseType":"AWS"},{"resourceName":"after","databaseType":"AWS"}]""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"resourceName":"taken","databaseType":"AWS"}""" + NameIndexMessage, Message(body));
        Assert.Equal(["taken"], await FilteredNamesAsync("v2", """{"resourceNames":["*"]}"""));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Per_item_refuses_an_existing_name_while_the_others_are_created_207(string version)
    {
        await CreateOneAsync(version, "taken");
        await SetBehaviourAsync("""{"duplicates":"per-item"}""");

        var (status, body) = await CallAsync(HttpMethod.Post, Sources(version),
            """[{"resourceName":"fresh-1","databaseType":"AWS"},{"resourceName":"taken","databaseType":"AWS"},{"resourceName":"fresh-2","databaseType":"AWS"}]""");

        Assert.Equal((HttpStatusCode)207, status);
        Assert.Equal(207, body.GetProperty("status").GetInt32());
        Assert.Equal(["fresh-1", "fresh-2"], body.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("resourceName").GetString()));
        JsonElement refusal = Assert.Single(body.GetProperty("message").EnumerateArray());
        Assert.Equal(1, refusal.GetProperty("index").GetInt32());
        Assert.Equal("taken", refusal.GetProperty("resourceName").GetString());
        Assert.Equal(JsonValueKind.String, refusal.GetProperty("message").ValueKind);
        Assert.Equal(["fresh-1", "fresh-2", "taken"], (await FilteredNamesAsync(version, """{"resourceNames":["*"]}""")).Order());
    }

    [Fact]
    public async Task Per_item_creates_a_repeated_name_once_and_refuses_the_repeat_207()
    {
        await SetBehaviourAsync("""{"duplicates":"per-item"}""");

        var (status, body) = await CallAsync(HttpMethod.Post, Sources("v1"),
            """[{"resourceName":"twice","databaseType":"AWS"},{"resourceName":"other","databaseType":"AWS"},{"resourceName":"twice","databaseType":"MYSQL"}]""");

        Assert.Equal((HttpStatusCode)207, status);
        Assert.Equal(2, Assert.Single(body.GetProperty("message").EnumerateArray()).GetProperty("index").GetInt32());
        Assert.Equal(["twice"], await FilteredNamesAsync("v1", """{"resourceNames":["twice"]}"""));
    }

    [Fact]
    public async Task Per_item_refuses_an_existing_fqdnId_naming_it()
    {
        await CreateAsync("v2", """{"resourceName":"first","databaseType":"AWS","fqdnId":"f1"}""");
        await SetBehaviourAsync("""{"duplicates":"per-item"}""");

        var (status, body) = await CallAsync(HttpMethod.Post, Sources("v2"),
            """[{"resourceName":"second","databaseType":"AWS","fqdnId":"f1"},{"resourceName":"third","databaseType":"AWS","fqdnId":"f2"}]""");

        Assert.Equal((HttpStatusCode)207, status);
        Assert.Contains("'f1'", Assert.Single(body.GetProperty("message").EnumerateArray()).GetProperty("message").GetString());
        Assert.Equal(["third"], body.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("resourceName").GetString()));
    }

    [Fact]
    public async Task Per_item_answers_400_with_the_refusals_when_every_item_is_refused()
    {
        await CreateOneAsync("v2", "a");
        await CreateOneAsync("v2", "b");
        await SetBehaviourAsync("""{"duplicates":"per-item"}""");

        var (status, body) = await CallAsync(HttpMethod.Post, Sources("v2"),
            """[{"resourceName":"a","databaseType":"AWS"},{"resourceName":"b","databaseType":"AWS"}]""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.Equal([0, 1], body.GetProperty("message").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));
    }
}
