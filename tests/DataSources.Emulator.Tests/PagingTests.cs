using System.Net;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

public sealed class PagingTests : EmulatorTest
{
    protected override string[] ServerArgs => ["--seed-count", "10250"];

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Limit_defaults_to_100_and_skip_to_0(string version)
    {
        var (_, body) = await FilterAsync(version, """{"resourceNames":["*"]}""");

        Assert.Equal(100, body.GetProperty("data").GetArrayLength());
        Assert.Equal(0, body.GetProperty("pageInfo").GetProperty("skip").GetInt32());
        Assert.Equal(100, body.GetProperty("pageInfo").GetProperty("limit").GetInt32());
        Assert.Equal(10250, body.GetProperty("pageInfo").GetProperty("totalCount").GetInt32());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Paging_with_skip_plus_limit_yields_every_match_once_in_creation_order(string version)
    {
        var (_, all) = await FilterAsync(version, """{"resourceNames":["prod-*"]}""", "?limit=10000");
        var paged = new List<string>();
        int skip = 0, totalCount;
        do
        {
            var (_, page) = await FilterAsync(version, """{"resourceNames":["prod-*"]}""", $"?skip={skip}&limit=333");
            paged.AddRange(page.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("_id").GetString()!));
            totalCount = page.GetProperty("pageInfo").GetProperty("totalCount").GetInt32();
            skip += 333;
        }
        while (skip < totalCount);

        Assert.Equal(all.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("_id").GetString()!), paged);
        Assert.Equal(totalCount, paged.Distinct().Count());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_page_of_ten_thousand_rows_is_served_and_the_rest_follows(string version)
    {
        var (status, first) = await FilterAsync(version, """{"resourceNames":["*"]}""", "?limit=10000");
        var (_, rest) = await FilterAsync(version, """{"resourceNames":["*"]}""", "?skip=10000&limit=10000");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(10_000, first.GetProperty("data").GetArrayLength());
        Assert.Equal(250, rest.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_skip_past_the_end_is_an_empty_page_with_the_total(string version)
    {
        var (status, body) = await FilterAsync(version, """{"resourceNames":["*"]}""", "?skip=20000");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.GetProperty("data").GetArrayLength());
        Assert.Equal(10250, body.GetProperty("pageInfo").GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task A_new_source_comes_after_the_seeded_ones()
    {
        string id = (await CreateOneAsync("v1", "zz-newest")).GetProperty("_id").GetString()!;

        var (_, body) = await FilterAsync("v1", """{"resourceNames":["*"]}""", "?skip=10250&limit=10");

        Assert.Equal(id, Assert.Single(body.GetProperty("data").EnumerateArray()).GetProperty("_id").GetString());
    }
}
