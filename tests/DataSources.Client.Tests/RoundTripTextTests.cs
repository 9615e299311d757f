using Newtonsoft.Json;

namespace DataSources.Client.Tests;

/// <summary>
/// The text the output types give (what Export-Csv writes) reads back, through the same conversion
/// New-DataSource uses, as the same value; and text that would be stored wrongly is refused.
/// </summary>
public sealed class RoundTripTextTests : ClientTest
{
    private static DataSourceField Field(string name) =>
        DataSourceSchema.TryGetField(name, out var field) ? field : throw new InvalidOperationException(name);

    public static TheoryData<string[]> Lists => new()
    {
        { ["public.*", "sales.*"] },
        { ["only"] },
        { [] },
        { ["a;b", "c"] },
        { [" padded ", "x"] },
        { ["", "empty first"] },
        { ["[a-z]*.csv"] },
        { ["[\"looks\",\"like\",\"json\"]"] },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_list_read_from_the_server_reads_back_from_its_text_as_the_same_list(string[] items)
    {
        var client = Client();
        var created = (await client.CreateAsync([NewSource("listed").Set("includePatterns", items)], Timeout)).Created[0]!;

        var text = created.IncludePatterns!.ToString();
        var back = DataSourceSchema.ConvertValue(Field("includePatterns"), text);

        Assert.Equal(items, back);
    }

    [Fact]
    public void A_plain_list_reads_as_the_items_joined_by_semicolons()
    {
        Assert.Equal("public.*;sales.*", new DataSourceStringList(["public.*", "sales.*"]).ToString());
        Assert.Equal("""["a;b","c"]""", new DataSourceStringList(["a;b", "c"]).ToString());
    }

    [Fact]
    public async Task Cost_location_and_owners_read_back_from_their_text()
    {
        var client = Client(s => s.ApiVersion = Version);
        var cost = new Dictionary<string, object?> { ["price"] = 12.5, ["currency"] = "EUR", ["frequency"] = "month" };
        var location = new Dictionary<string, object?> { ["name"] = "HQ", ["street_address_2"] = "Floor 3", ["country"] = "DE" };
        var created = (await client.CreateAsync([NewSource("placed").Set("costPerTb", cost).Set("location", location)], Timeout)).Created[0]!;

        var costBack = (DataSourceCost)DataSourceSchema.ConvertValue(Field("costPerTb"), created.CostPerTb!.ToString())!;
        var locationBack = (DataSourceLocation)DataSourceSchema.ConvertValue(Field("location"), created.Location!.ToString())!;
        var owners = new DataSourceObjectList([new Dictionary<string, object?> { ["id"] = "u-1", ["name"] = "Ann" }]);
        var ownersBack = (IReadOnlyList<IReadOnlyDictionary<string, object?>>)DataSourceSchema.ConvertValue(Field("owners"), owners.ToString())!;

        Assert.Equal("""{"price":12.5,"currency":"EUR","frequency":"month"}""", created.CostPerTb.ToString());
        Assert.Equal((12.5, "EUR", "month"), (costBack.Price!.Value, costBack.Currency, costBack.Frequency));
        Assert.Equal(("HQ", "Floor 3", "DE"), (locationBack.Name, locationBack.StreetAddress2, locationBack.Country));
        Assert.Equal("Ann", Assert.Single(ownersBack)["name"]);
    }

    [Theory]
    [InlineData("includePatterns", "System.String[]")]
    [InlineData("description", "System.Object[]")]
    [InlineData("location", "System.Collections.Hashtable")]
    [InlineData("schemaNames", "System.Collections.Generic.List`1[System.String]")]
    [InlineData("costPerTb", "System.Management.Automation.PSCustomObject")]
    public void Text_that_is_the_name_of_a_dotnet_type_is_refused_naming_the_field(string field, string text)
    {
        var error = Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(Field(field), text));

        Assert.Contains($"'{field}'", error.Message);
        Assert.Contains("the name of a .NET type, not a value", error.Message);
    }

    [Theory]
    [InlineData("driverClassName", "com.mysql.cj.jdbc.Driver")]
    [InlineData("serviceType", "Microsoft.Azure")]
    [InlineData("description", "System.Data is where it lives")]
    public void Text_that_only_looks_dotted_is_kept(string field, string text) =>
        Assert.Equal(text, DataSourceSchema.ConvertValue(Field(field), text));

    [Fact]
    public void PowerShells_text_of_an_object_is_refused_for_an_object_field()
    {
        var error = Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(Field("location"), "@{name=HQ; country=DE}"));

        Assert.Contains("PowerShell's text of an object", error.Message);
    }

    [Theory]
    [InlineData("userName")]
    [InlineData("accessId")]
    public void A_value_the_server_encrypted_is_never_taken_as_the_value(string field)
    {
        const string ciphertext = "AES/GCM/NoPadding|q83vEjRWeJCrze8SNFZ4kA==";

        var onCreate = Assert.Throws<DataSourceInputException>(() => NewSource("copy").Set(field, ciphertext));
        var onPatch = Assert.Throws<DataSourceInputException>(() => new DataSourcePatch().Set(field, ciphertext));

        Assert.All(new[] { onCreate, onPatch }, error => Assert.Contains("encrypted", error.Message));
        Assert.DoesNotContain("q83vEjRWeJCrze8SNFZ4kA==", onCreate.Message);
    }

    [Fact]
    public async Task A_copy_leaves_encrypted_values_out_and_says_which()
    {
        using var stub = StubServer.Start(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonConvert.SerializeObject(new
            {
                status = 200,
                data = new { _id = "6b07af9e00787c79aa41f393", resourceName = "s3", databaseType = "AWS", userName = "AES/GCM/NoPadding|AAAA", accessId = "AES/GCM/NoPadding|BBBB", region = "eu-west-1" },
            }));
        });
        using var client = new DataSourceClient(new DataSourceConnectionSettings(stub.BaseUri) { ApiVersion = "v3" }, new TokenCredential(Secure("opaque-token")));
        var source = await client.GetAsync("6b07af9e00787c79aa41f393", Timeout);
        var leftOut = new List<string>();

        var copy = DataSourceCreateRequest.FromDataSource(source, leftOut);

        Assert.Equal(["resourceName", "databaseType", "region"], copy.FieldNames);
        Assert.Equal(["userName", "accessId"], leftOut);
    }

    [Fact]
    public void Patch_only_fields_of_a_create_are_kept_for_the_patch_that_follows()
    {
        var request = NewSource("later").Set("incremental", "true").Set("scanSinceTimeframe", "P7D").Set("note", "n");

        Assert.Equal(["resourceName", "databaseType", "note"], request.FieldNames);
        Assert.Equal(["incremental", "scanSinceTimeframe"], request.AfterCreateFieldNames);
        Assert.Throws<DataSourceInputException>(() => request.Set("_id", "6b07af9e00787c79aa41f393"));
    }

    [Fact]
    public async Task Patch_only_fields_of_a_create_are_set_right_after_it()
    {
        var client = Client();

        var result = await client.CreateAsync([NewSource("with-incremental").Set("incremental", true).Set("scanSinceTimeframe", "P7D"), NewSource("plain")], Timeout);

        Assert.Empty(result.Failures);
        Assert.Null(result.GetAfterCreateError(0));
        Assert.Equal(1, await CountAsync(CreateRoute));
        Assert.Equal(1, await CountAsync(PatchRoute));
        var stored = await StoredAsync(result.Created[0]!.Id!);
        Assert.Equal((true, "P7D"), ((bool)stored["incremental"]!, (string?)stored["scanSinceTimeframe"]));
    }

    [Fact]
    public async Task A_patch_after_create_that_fails_leaves_the_item_created_with_the_error_beside_it()
    {
        var client = Client(s => s.MaxAttempts = 1);
        await SetFaultsAsync(new { statuses = new[] { 503 }, routes = new[] { "PATCH *" } });

        var result = await client.CreateAsync([NewSource("half-done").Set("incremental", true)], Timeout);

        Assert.NotNull(result.Created[0]);
        Assert.Null(result.GetFailure(0));
        Assert.Equal(503, result.GetAfterCreateError(0)!.StatusCode);
    }
}
