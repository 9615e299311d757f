using System.Collections;
using System.Security;

namespace DataSources.Client.Tests;

public sealed class SchemaTests
{
    private static DataSourceField Field(string name) =>
        DataSourceSchema.TryGetField(name, out var field) ? field : throw new InvalidOperationException(name);

    [Fact]
    public void The_schema_knows_every_contract_field_with_its_access()
    {
        Assert.Equal(88, DataSourceSchema.Fields.Count);
        Assert.Equal(32, DataSourceSchema.Fields.Count(f => f.CanPatch));
        Assert.Equal(["_id", "pId", "userId", "date"], DataSourceSchema.Fields.Where(f => f.IsReadOnly).Select(f => f.JsonName));
        Assert.Equal(["resourceName", "databaseType"], DataSourceSchema.Fields.Where(f => f.IsRequired).Select(f => f.JsonName));
        Assert.Equal(["scanSinceTimeframe", "incremental"], DataSourceSchema.Fields.Where(f => f.CanPatch && !f.CanCreate).Select(f => f.JsonName));
        Assert.All(DataSourceSchema.Fields.Where(f => f.IsReadOnly), f => Assert.False(f.CanCreate || f.CanPatch));
    }

    [Theory]
    [InlineData("RESOURCENAME", "resourceName")]
    [InlineData("oauthtype", "oAuthType")]
    [InlineData("accessKeyId", "accessKeyID")]
    [InlineData("_ID", "_id")]
    public void Fields_are_found_by_their_json_name_ignoring_case(string asked, string expected)
    {
        Assert.True(DataSourceSchema.TryGetField(asked, out var field));
        Assert.Equal(expected, field.JsonName);
    }

    [Theory]
    [InlineData("Id")]
    [InlineData("Name")]
    [InlineData("resource_name")]
    public void Aliases_are_not_field_names(string name) => Assert.False(DataSourceSchema.TryGetField(name, out _));

    [Theory]
    [InlineData("true", true)]
    [InlineData(" FALSE ", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData(1, true)]
    [InlineData(0L, false)]
    [InlineData(true, true)]
    public void Booleans_accept_csv_text_and_zero_or_one(object input, bool expected) =>
        Assert.Equal(expected, DataSourceSchema.ConvertValue(Field("noAuth"), input));

    [Theory]
    [InlineData("yes")]
    [InlineData(2)]
    [InlineData(1.5)]
    public void A_boolean_that_is_not_one_refuses_naming_the_field(object input)
    {
        var error = Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(Field("noAuth"), input));
        Assert.Contains("'noAuth'", error.Message);
        Assert.DoesNotContain("(Parameter", error.Message);
    }

    [Fact]
    public void Text_fields_take_numbers_as_invariant_text()
    {
        Assert.Equal("5432", DataSourceSchema.ConvertValue(Field("port"), 5432));
        Assert.Equal("1.5", DataSourceSchema.ConvertValue(Field("description"), 1.5));
        Assert.Equal("true", DataSourceSchema.ConvertValue(Field("followSymLinks"), true));
        Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(Field("host"), new Hashtable()));
    }

    [Theory]
    [InlineData("99999")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("notaport")]
    [InlineData("54 32")]
    public void A_port_from_a_row_is_refused_outside_1_to_65535_as_the_Port_parameter_is(string port)
    {
        var error = Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(Field("port"), port));
        Assert.Equal($"Field 'port': '{port}' is not a port: give a whole number from 1 to 65535.", error.Message);
    }

    [Fact]
    public void A_port_takes_1_to_65535_as_text_or_number_and_empty_text_to_clear_it()
    {
        Assert.Equal("1", DataSourceSchema.ConvertValue(Field("port"), "1"));
        Assert.Equal("65535", DataSourceSchema.ConvertValue(Field("port"), 65535));
        Assert.Equal("", DataSourceSchema.ConvertValue(Field("port"), ""));
        Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(Field("port"), 0));
    }

    [Fact]
    public void String_arrays_split_text_on_semicolons_and_take_any_list()
    {
        Assert.Equal(new[] { "a", "b c", "d" }, DataSourceSchema.ConvertValue(Field("users"), " a ;b c;;d "));
        Assert.Equal(Array.Empty<string>(), DataSourceSchema.ConvertValue(Field("users"), ""));
        Assert.Equal(new[] { "x", "1" }, DataSourceSchema.ConvertValue(Field("schemaNames"), new object[] { "x", 1 }));
        Assert.Equal(new[] { "solo" }, DataSourceSchema.ConvertValue(Field("includePatterns"), new List<string> { "solo" }));
        var error = Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(Field("users"), new object?[] { "a", null }));
        Assert.Contains("'users'", error.Message);
    }

    [Fact]
    public void Numbers_and_integers_parse_invariant_text()
    {
        Assert.Equal(12.5, DataSourceSchema.ConvertValue(Field("totalCapacity"), "12.5"));
        Assert.Equal(3.0, DataSourceSchema.ConvertValue(Field("totalCapacity"), 3));
        Assert.Equal(0L, DataSourceSchema.ConvertValue(Field("oAuthType"), "0"));
        Assert.Equal(7L, DataSourceSchema.ConvertValue(Field("oAuthType"), 7.0));
        Assert.Contains("'totalCapacity'", Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(Field("totalCapacity"), "12,5 TB")).Message);
        Assert.Contains("'oAuthType'", Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(Field("oAuthType"), 1.5)).Message);
        Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(Field("totalCapacity"), double.NaN));
    }

    [Fact]
    public void Cost_takes_a_dictionary_with_keys_in_any_case_or_json_text()
    {
        var fromTable = Assert.IsType<DataSourceCost>(DataSourceSchema.ConvertValue(
            Field("costPerTb"), new Hashtable { ["PRICE"] = "9.5", ["Currency"] = "EUR", ["frequency"] = "year" }));
        var fromJson = Assert.IsType<DataSourceCost>(DataSourceSchema.ConvertValue(
            Field("costPerTb"), """{"price": 2, "currency": "USD", "frequency": "day"}"""));

        Assert.Equal((9.5, "EUR", "year"), (fromTable.Price!.Value, fromTable.Currency, fromTable.Frequency));
        Assert.Equal((2.0, "USD", "day"), (fromJson.Price!.Value, fromJson.Currency, fromJson.Frequency));
        var error = Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(Field("costPerTb"), new Hashtable { ["amount"] = 1 }));
        Assert.Contains("'costPerTb'", error.Message);
        Assert.Contains("amount", error.Message);
        Assert.Contains("costPerTb.price", Assert.Throws<DataSourceInputException>(() =>
            DataSourceSchema.ConvertValue(Field("costPerTb"), new Hashtable { ["price"] = "cheap" })).Message);
    }

    [Fact]
    public void Location_takes_json_names_or_property_names()
    {
        var location = Assert.IsType<DataSourceLocation>(DataSourceSchema.ConvertValue(
            Field("location"), new Dictionary<string, object> { ["street_address_2"] = "Floor 2", ["PostalCode"] = 12345, ["COUNTRY"] = "NL" }));

        Assert.Equal(("Floor 2", "12345", "NL"), (location.StreetAddress2, location.PostalCode, location.Country));
        Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(Field("location"), "not json"));
    }

    [Fact]
    public void Owners_take_a_dictionary_a_list_of_them_or_json_text()
    {
        var one = Assert.IsAssignableFrom<IReadOnlyList<IReadOnlyDictionary<string, object?>>>(
            DataSourceSchema.ConvertValue(Field("owners"), new Hashtable { ["name"] = "dba" }));
        var json = Assert.IsAssignableFrom<IReadOnlyList<IReadOnlyDictionary<string, object?>>>(
            DataSourceSchema.ConvertValue(Field("owners"), """[{"name":"a"},{"name":"b"}]"""));

        Assert.Equal("dba", Assert.Single(one)["name"]);
        Assert.Equal(["a", "b"], json.Select(o => o["name"]));
        Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(Field("owners"), new[] { "not an object" }));
        var nested = Assert.Throws<DataSourceInputException>(() =>
            DataSourceSchema.ConvertValue(Field("owners"), new Hashtable { ["since"] = new { Year = 2020 } }));
        Assert.Contains("'owners'", nested.Message);
        var plain = (IReadOnlyList<IReadOnlyDictionary<string, object?>>)DataSourceSchema.ConvertValue(
            Field("owners"), new Hashtable { ["tags"] = new List<object> { "a", 1, new Hashtable { ["b"] = true } } })!;
        Assert.Equal(new object?[] { "a", 1 }, ((object?[])plain[0]["tags"]!).Take(2));
    }

    [Fact]
    public void Only_secret_fields_take_a_SecureString_and_keep_it_as_is()
    {
        using var secret = new SecureString();
        secret.AppendChar('x');

        Assert.Same(secret, DataSourceSchema.ConvertValue(Field("password"), secret));
        Assert.Contains("'host'", Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(Field("host"), secret)).Message);
    }

    [Fact]
    public void Null_stays_null() => Assert.Null(DataSourceSchema.ConvertValue(Field("description"), null));

    [Fact]
    public void A_create_request_keeps_fields_in_the_order_set_under_their_json_names()
    {
        var request = new DataSourceCreateRequest()
            .Set("ResourceName", "a")
            .Set("DATABASETYPE", "MYSQL")
            .Set("port", 3306)
            .Set("resourcename", "b");

        Assert.Equal(["resourceName", "databaseType", "port"], request.FieldNames);
        Assert.Equal("b", request.ResourceName);
        Assert.True(request.Remove("PORT"));
        Assert.Equal(["resourceName", "databaseType"], request.FieldNames);
    }

    [Theory]
    [InlineData("_id")]
    [InlineData("date")]
    [InlineData("incremental")]
    [InlineData("nonsense")]
    public void A_create_request_refuses_fields_that_cannot_be_created_naming_them(string name)
    {
        var error = Assert.Throws<DataSourceInputException>(() => new DataSourceCreateRequest().Set(name, "x"));
        Assert.Contains($"'{name}'", error.Message);
        // A message for the user, without the "(Parameter '...')" .NET adds for a parameter name.
        Assert.DoesNotContain("(Parameter", error.Message);
    }

    [Theory]
    [InlineData("databaseType")]
    [InlineData("schemaNames")]
    [InlineData("encryptedPassword")]
    [InlineData("_id")]
    public void A_patch_refuses_fields_outside_the_32_patchable_ones(string name) =>
        Assert.Throws<DataSourceInputException>(() => new DataSourcePatch().Set(name, "x"));

    [Fact]
    public void A_patch_records_exactly_the_fields_set()
    {
        var patch = new DataSourcePatch();
        Assert.True(patch.IsEmpty);

        patch.Set("note", "").Set("excludePatterns", Array.Empty<string>()).Set("Note", "again");

        Assert.False(patch.IsEmpty);
        Assert.Equal(["note", "excludePatterns"], patch.FieldNames);
    }

    [Fact]
    public void Settings_validate_api_version_and_sizes()
    {
        var settings = new DataSourceConnectionSettings(new Uri("https://catalog.example.com"));

        Assert.Null(settings.ApiVersion);
        settings.ApiVersion = "V2";
        Assert.Equal("v2", settings.ApiVersion);
        settings.ApiVersion = "v3";
        Assert.Equal("v3", settings.ApiVersion);
        settings.ApiVersion = null;
        Assert.Null(settings.ApiVersion);
        Assert.Throws<ArgumentException>(() => settings.ApiVersion = "v4");
        Assert.Throws<ArgumentOutOfRangeException>(() => settings.CreateBatchSize = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => settings.GetBatchSize = 10001);
        Assert.Throws<ArgumentOutOfRangeException>(() => settings.MaxAttempts = 0);
        Assert.Equal((100, 500, 1000, 5), (settings.CreateBatchSize, settings.GetBatchSize, settings.PageSize, settings.MaxAttempts));
        Assert.Equal((TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(60)), (settings.Timeout, settings.MaxRetryTime));
        Assert.StartsWith("DataSources/", settings.UserAgent);
    }
}
