using System.Net;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

public sealed class ConcurrencyTests : EmulatorTest
{
    private static readonly string[] StringFields =
    [
        "userName", "accessId", "secretManagerKey", "accountName", "azureTenantId", "role", "region", "host", "port",
        "databaseName", "warehouse", "uri", "path", "driverClassName", "note", "description", "affinityId",
        "lastTestConnectionId", "lastIngestId", "scanSinceTimeframe",
    ];

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Hundreds_of_parallel_creates_get_distinct_ids_and_all_land(string version)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
            CallAsync(HttpMethod.Post, Sources(version), JsonSerializer.Serialize(new { resourceName = $"par-{i}", databaseType = "AWS" }))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        string[] ids = answers.Select(a => a.Body.GetProperty("data")[0].GetProperty("_id").GetString()!).ToArray();
        Assert.Equal(400, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{24}$", id));
        Assert.Equal(400, (await FilteredNamesAsync(version, """{"resourceNames":["par-*"]}""")).Distinct().Count());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Parallel_creates_of_one_name_create_it_exactly_once(string version)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            CallAsync(HttpMethod.Post, Sources(version), $$"""{"resourceName":"{{(i % 2 == 0 ? "contested" : "CONTESTED")}}","databaseType":"AWS"}""")));

        Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
        Assert.Equal(199, answers.Count(a => a.Status == HttpStatusCode.BadRequest));
        Assert.Single(await FilteredNamesAsync(version, """{"resourceNames":["contested"]}"""));
    }

    [Theory]
    [InlineData("stored-before")]
    [InlineData("none-stored")]
    [InlineData("per-item")]
    public async Task Overlapping_parallel_batches_create_each_name_at_most_once(string duplicates)
    {
        await SetBehaviourAsync($$"""{"duplicates":"{{duplicates}}"}""");
        // Ten batches of 100 names drawn from 300, each batch in a different order.
        var batches = Enumerable.Range(0, 10).Select(b =>
            JsonSerializer.Serialize(Enumerable.Range(0, 100).Select(i => new { resourceName = $"shared-{(b * 37 + i * (b % 2 == 0 ? 1 : 299)) % 300}", databaseType = "AWS" })));

        var answers = await Task.WhenAll(batches.Select(json => CallAsync(HttpMethod.Post, Sources("v2"), json)));

        string[] names = await FilteredNamesAsync("v2", """{"resourceNames":["shared-*"]}""");
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.Contains(answers, a => a.Status == HttpStatusCode.Created);
        int answeredCreated = answers.Where(a => a.Status is HttpStatusCode.Created or (HttpStatusCode)207).Sum(a => a.Body.GetProperty("data").GetArrayLength());
        if (duplicates == "stored-before")
            Assert.True(names.Length >= answeredCreated, $"{names.Length} stored, {answeredCreated} answered as created");
        else
            Assert.Equal(names.Length, answeredCreated);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Parallel_patches_of_different_fields_lose_no_update(string version)
    {
        // Each field of each source is patched exactly once, all at the same time, so a patch built
        // on a stale copy would erase another's field. Large objects widen that window.
        string bulky = JsonSerializer.Serialize(Enumerable.Range(0, 10).Select(n => new
        {
            resourceName = $"hot-{n}",
            databaseType = "AWS",
            excludePatterns = Enumerable.Range(0, 5000).Select(i => $"archive/{i:D5}/*"),
        }));
        string[] ids = (await CreateAsync(version, bulky)).EnumerateArray().Select(s => s.GetProperty("_id").GetString()!).ToArray();

        var answers = await Task.WhenAll(
            from id in ids
            from field in StringFields
            select CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", $$"""{"{{field}}":"{{field}}-value"}"""));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        foreach (string id in ids)
        {
            JsonElement stored = await StoredAsync(id);
            Assert.All(StringFields, field => Assert.Equal($"{field}-value", stored.GetProperty(field).GetString()));
        }
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Reads_during_parallel_writes_always_see_whole_objects(string version)
    {
        string id = (await CreateOneAsync(version, "watched")).GetProperty("_id").GetString()!;

        var writes = Enumerable.Range(0, 200).Select(i =>
            CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", $$"""{"host":"h{{i}}","port":"{{i}}"}"""));
        var reads = Enumerable.Range(0, 200).Select(_ => CallAsync(HttpMethod.Get, $"{Sources(version)}/{id}"));
        var answers = await Task.WhenAll(writes.Concat(reads));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers.Select(a => a.Body.GetProperty("data")).Where(d => d.TryGetProperty("host", out _)),
            d => Assert.Equal("h" + d.GetProperty("port").GetString(), d.GetProperty("host").GetString()));
    }
}
