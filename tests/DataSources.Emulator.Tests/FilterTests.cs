using System.Net;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

public sealed class FilterTests : EmulatorTest
{
    private static readonly (string Name, string Type)[] Catalog =
    [
        ("prod-orders-pg", "POSTGRES"),
        ("dev-orders-pg", "POSTGRES"),
        ("PROD-billing-mysql", "MYSQL"),
        ("test-orders-primary", "ORACLE"),
        ("qa-a.c", "AZURE_BLOB_STORAGE"),
        ("qa-abc", "AWS"),
        ("qa-a?c", "MSSQL"),
        ("prod-lake-s3", "AWS"),
        ("prod-élan", "VERTICA"),
    ];

    [Theory]
    [InlineData("v1", "prod-*", new[] { "prod-orders-pg", "PROD-billing-mysql", "prod-lake-s3", "prod-élan" })]
    [InlineData("v2", "prod-*", new[] { "prod-orders-pg", "PROD-billing-mysql", "prod-lake-s3", "prod-élan" })]
    [InlineData("v1", "PROD-É*", new[] { "prod-élan" })]
    [InlineData("v1", "*-pg", new[] { "prod-orders-pg", "dev-orders-pg" })]
    [InlineData("v2", "*orders*", new[] { "prod-orders-pg", "dev-orders-pg", "test-orders-primary" })]
    [InlineData("v1", "dev-orders-pg", new[] { "dev-orders-pg" })]
    [InlineData("v1", "DEV-ORDERS-PG", new[] { "dev-orders-pg" })]
    [InlineData("v2", "Prod-*-PG", new[] { "prod-orders-pg" })]
    [InlineData("v1", "*", new[] { "prod-orders-pg", "dev-orders-pg", "PROD-billing-mysql", "test-orders-primary", "qa-a.c", "qa-abc", "qa-a?c", "prod-lake-s3", "prod-élan" })]
    [InlineData("v1", "**s3", new[] { "prod-lake-s3" })]
    [InlineData("v1", "prod", new string[0])]
    public async Task Name_patterns_match_prefix_suffix_contains_and_exact_ignoring_case_in_creation_order(
        string version, string pattern, string[] expected)
    {
        await CreateCatalogAsync(version);

        string[] names = await FilteredNamesAsync(version, $$"""{"resourceNames":["{{pattern}}"]}""");

        Assert.Equal(expected, names);
    }

    [Theory]
    [InlineData("v1", "qa-a.c", new[] { "qa-a.c" })]
    [InlineData("v2", "qa-a?c", new[] { "qa-a?c" })]
    [InlineData("v1", "qa-a_c", new string[0])]
    [InlineData("v1", "qa-a%c", new string[0])]
    [InlineData("v2", "qa-[a]bc", new string[0])]
    [InlineData("v1", "qa-a.*", new[] { "qa-a.c" })]
    [InlineData("v1", "qa-ab+c", new string[0])]
    public async Task Every_character_but_the_star_is_literal(string version, string pattern, string[] expected)
    {
        await CreateCatalogAsync(version);

        string[] names = await FilteredNamesAsync(version, JsonSerializer.Serialize(new { resourceNames = new[] { pattern } }));

        Assert.Equal(expected, names);
    }

    [Theory]
    [InlineData("v1", "postgres", new[] { "prod-orders-pg", "dev-orders-pg" })]
    [InlineData("v2", "AZURE*", new[] { "qa-a.c" })]
    [InlineData("v1", "*s*", new[] { "prod-orders-pg", "dev-orders-pg", "PROD-billing-mysql", "qa-a.c", "qa-abc", "qa-a?c", "prod-lake-s3" })]
    public async Task Database_type_patterns_match_ignoring_case(string version, string pattern, string[] expected)
    {
        await CreateCatalogAsync(version);

        string[] names = await FilteredNamesAsync(version, $$"""{"databaseTypes":["{{pattern}}"]}""");

        Assert.Equal(expected, names);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Values_of_one_key_combine_with_OR(string version)
    {
        await CreateCatalogAsync(version);

        string[] names = await FilteredNamesAsync(version, """{"resourceNames":["qa-abc","dev-*"]}""");

        Assert.Equal(["dev-orders-pg", "qa-abc"], names);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Keys_combine_with_AND(string version)
    {
        await CreateCatalogAsync(version);

        string[] names = await FilteredNamesAsync(version, """{"resourceNames":["*orders*","prod-*"],"databaseTypes":["POSTGRES"]}""");

        Assert.Equal(["prod-orders-pg", "dev-orders-pg"], names);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Ids_match_as_ObjectIds_of_either_case_each_once_and_combine_with_the_other_keys(string version)
    {
        string[] ids = await CreateCatalogAsync(version);

        string[] byIds = await FilteredNamesAsync(version, JsonSerializer.Serialize(new { ids = new[] { ids[5], ids[0], ids[0].ToUpperInvariant(), UnknownId } }));
        string[] byIdsAndType = await FilteredNamesAsync(version, JsonSerializer.Serialize(new { ids = new[] { ids[5], ids[0] }, databaseTypes = new[] { "AWS" } }));

        Assert.Equal(["prod-orders-pg", "qa-abc"], byIds);
        Assert.Equal(["qa-abc"], byIdsAndType);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task An_empty_list_matches_nothing(string version)
    {
        await CreateCatalogAsync(version);

        Assert.Empty(await FilteredNamesAsync(version, """{"resourceNames":[]}"""));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_patched_source_keeps_its_place_in_creation_order(string version)
    {
        string[] ids = await CreateCatalogAsync(version);
        await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{ids[0]}", """{"note":"touched"}""");

        string[] names = await FilteredNamesAsync(version, """{"resourceNames":["prod-*"]}""");

        Assert.Equal(["prod-orders-pg", "PROD-billing-mysql", "prod-lake-s3", "prod-élan"], names);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task The_answer_carries_status_data_and_pageInfo(string version)
    {
        await CreateCatalogAsync(version);

        var (status, body) = await FilterAsync(version, """{"resourceNames":["*"]}""", "?skip=2&limit=3");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, body.GetProperty("status").GetInt32());
        Assert.Equal(["PROD-billing-mysql", "test-orders-primary", "qa-a.c"],
            body.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("resourceName").GetString()));
        JsonElement page = body.GetProperty("pageInfo");
        Assert.Equal((2, 3, 9), (page.GetProperty("skip").GetInt32(), page.GetProperty("limit").GetInt32(), page.GetProperty("totalCount").GetInt32()));
    }

    [Theory]
    [InlineData("v1", "?skip=-1")]
    [InlineData("v2", "?skip=-1")]
    [InlineData("v1", "?limit=0")]
    [InlineData("v2", "?limit=10001")]
    [InlineData("v1", "?skip=abc")]
    [InlineData("v1", "?limit=1.5")]
    [InlineData("v1", "?limit=")]
    public async Task Skip_below_0_or_limit_outside_1_to_10000_is_400(string version, string query)
    {
        var (status, body) = await FilterAsync(version, """{"resourceNames":["*"]}""", query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
    }

    [Theory]
    [InlineData("v1", "?limit=10000")]
    [InlineData("v2", "?limit=1&skip=0")]
    [InlineData("v1", "?skip=100")]
    public async Task Skip_and_limit_within_bounds_are_accepted(string version, string query)
    {
        var (status, _) = await FilterAsync(version, """{"resourceNames":["*"]}""", query);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("v1", """{}""")]
    [InlineData("v2", """{}""")]
    [InlineData("v1", """{"filters":{}}""")]
    [InlineData("v1", """{"filters":[]}""")]
    [InlineData("v2", """{"filters":{"resourceNames":["*"]},"sort":"name"}""")]
    [InlineData("v1", """{"filters":{"names":["*"]}}""")]
    [InlineData("v1", """{"filters":{"resourceNames":"*"}}""")]
    [InlineData("v2", """{"filters":{"databaseTypes":[1]}}""")]
    [InlineData("v1", """{"filters":{"ids":null}}""")]
    public async Task A_filter_body_that_breaks_the_schema_is_400(string version, string json)
    {
        var (status, _) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/filter", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task An_unknown_filter_key_is_named_in_the_400(string version)
    {
        var (_, body) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/filter", """{"filters":{"owners":["me"]}}""");

        Assert.Contains("'owners'", Message(body));
    }

    private async Task<string[]> CreateCatalogAsync(string version)
    {
        string json = JsonSerializer.Serialize(Catalog.Select(c => new { resourceName = c.Name, databaseType = c.Type }));
        JsonElement data = await CreateAsync(version, json);
        return data.EnumerateArray().Select(s => s.GetProperty("_id").GetString()!).ToArray();
    }
}
