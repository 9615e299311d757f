using System.Net;
using System.Text;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

public sealed class CreateTests : EmulatorTest
{
    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    public async Task Creating_one_object_is_201_with_an_array_holding_the_object_and_its_read_only_fields(string version)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, Sources(version),
            """{"resourceName":"prod-orders","databaseType":"POSTGRES","host":"db1","port":"5432","schemaNames":["public"]}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(201, body.GetProperty("status").GetInt32());
        JsonElement item = Assert.Single(body.GetProperty("data").EnumerateArray());
        Assert.Matches("^[0-9a-f]{24}$", item.GetProperty("_id").GetString());
        Assert.Equal(JsonValueKind.Number, item.GetProperty("pId").ValueKind);
        Assert.True(Guid.TryParse(item.GetProperty("userId").GetString(), out _), item.GetProperty("userId").GetString());
        Assert.True(DateTimeOffset.TryParse(item.GetProperty("date").GetString(), out _));
        Assert.Equal("prod-orders", item.GetProperty("resourceName").GetString());
        Assert.Equal("5432", item.GetProperty("port").GetString());
        Assert.Equal("public", item.GetProperty("schemaNames")[0].GetString());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Creating_an_array_answers_the_created_objects_in_request_order(string version)
    {
        JsonElement data = await CreateAsync(version,
            """[{"resourceName":"c","databaseType":"AWS"},{"resourceName":"a","databaseType":"MYSQL"},{"resourceName":"b","databaseType":"ORACLE"}]""");

        Assert.Equal(["c", "a", "b"], data.EnumerateArray().Select(s => s.GetProperty("resourceName").GetString()));
        Assert.Equal(3, data.EnumerateArray().Select(s => s.GetProperty("_id").GetString()).Distinct().Count());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_created_source_can_be_read_back_by_its_id(string version)
    {
        JsonElement created = await CreateOneAsync(version, "readback", "MSSQL");

        var (status, body) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{created.GetProperty("_id").GetString()}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(created.ToString(), body.GetProperty("data").ToString());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Names_are_unique_ignoring_case(string version)
    {
        await CreateOneAsync(version, "Prod-Sales");

        var (status, body) = await CallAsync(HttpMethod.Post, Sources(version), """{"resourceName":"prod-sales","databaseType":"AWS"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.EndsWith("Duplicate key violation on the requested collection: Index 'resourceName_1'", Message(body));
        Assert.Equal(["Prod-Sales"], await FilteredNamesAsync(version, """{"resourceNames":["prod-sales"]}"""));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task One_item_breaking_the_schema_makes_the_whole_request_400_and_creates_nothing(string version)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, Sources(version),
            """[{"resourceName":"ok-1","databaseType":"AWS"},{"resourceName":"bad","databaseType":"AWS","port":5432}]""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("/1/port", Message(body));
        Assert.Empty(await FilteredNamesAsync(version, """{"resourceNames":["*"]}"""));
    }

    [Theory]
    [InlineData("v1", """{"databaseType":"AWS"}""", "resourceName")]
    [InlineData("v2", """{"resourceName":"x"}""", "databaseType")]
    [InlineData("v1", """{"resourceName":"","databaseType":"AWS"}""", "resourceName")]
    public async Task A_missing_or_empty_required_field_is_400_naming_it(string version, string json, string field)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, Sources(version), json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(field, Message(body));
    }

    [Theory]
    [InlineData("v1", "colour")]
    [InlineData("v2", "colour")]
    [InlineData("v1", "_id")]
    [InlineData("v1", "pId")]
    [InlineData("v2", "ResourceName")]
    [InlineData("v1", "scanSinceTimeframe")]
    public async Task An_unknown_key_is_400_naming_the_key(string version, string key)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, Sources(version),
            $$"""{"resourceName":"x","databaseType":"AWS","{{key}}":"value"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("message").ValueKind);
        Assert.Contains($"'{key}'", Message(body));
    }

    [Theory]
    [InlineData("v1", "port", "5432")]
    [InlineData("v2", "port", "5432")]
    [InlineData("v1", "host", "1")]
    [InlineData("v1", "note", "null")]
    [InlineData("v1", "noAuth", "\"true\"")]
    [InlineData("v2", "availableForMigration", "1")]
    [InlineData("v1", "deleteEmptyFolders", "\"false\"")]
    [InlineData("v1", "schemaNames", "\"public\"")]
    [InlineData("v2", "includePatterns", "[1]")]
    [InlineData("v1", "users", "\"bob\"")]
    [InlineData("v1", "owners", "[\"bob\"]")]
    [InlineData("v1", "totalCapacity", "\"10\"")]
    [InlineData("v1", "oAuthType", "1")]
    [InlineData("v2", "oAuthType", "\"0\"")]
    [InlineData("v1", "sslType", "\"tls\"")]
    [InlineData("v1", "followSymLinks", "true")]
    [InlineData("v1", "costPerTb", "12")]
    [InlineData("v2", "costPerTb", """{"price":"12"}""")]
    [InlineData("v1", "costPerTb", """{"frequency":"hour"}""")]
    [InlineData("v1", "costPerTb", """{"currency":1}""")]
    [InlineData("v1", "costPerTb", """{"price":1,"tax":2}""")]
    [InlineData("v1", "location", "\"Paris\"")]
    [InlineData("v2", "location", """{"locality_city":75}""")]
    [InlineData("v1", "location", """{"city":"Paris"}""")]
    public async Task A_value_of_the_wrong_type_or_shape_is_400_naming_the_field(string version, string field, string value)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, Sources(version),
            $$"""{"resourceName":"typed","databaseType":"AWS","{{field}}":{{value}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(field, Message(body));
        Assert.Empty(await FilteredNamesAsync(version, """{"resourceNames":["typed"]}"""));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Every_writable_field_of_the_contract_is_accepted_with_its_type(string version)
    {
        const string json = """
            {"resourceName":"full","databaseType":"POSTGRES","fqdnId":"f","resourceId":"r","description":"d","note":"n",
             "status":"ACTIVE","owners":[{"name":"o"}],"users":["u"],"affinityId":"a","configMethod":"c",
             "jobClasspath":"j","driverClassName":"org.postgresql.Driver","spiVersion":"1","serviceType":"s",
             "lastTestConnectionId":"t","lastIngestId":"i","host":"h","port":"5432","databaseName":"db","uri":"jdbc:x",
             "userName":"u","password":"p","encryptedPassword":"e","schemaNames":["public"],"warehouse":"w","project":"p",
             "connectionType":"c","sslType":"encryptionWithAuthentication","trustStoreType":"JKS","trustStoreLocation":"/t",
             "trustStorePassword":"tp","keyStoreType":"JKS","keyStoreLocation":"/k","keyStorePassword":"kp","cipherSuite":"c",
             "serverDistinguishedName":"CN=x","oauthClientId":"o","oauthClientSecret":"os","oAuthType":0,"keyPath":"/k",
             "clientEmail":"e@x","noAuth":false,"endpoint":"https://e","container":"c","path":"/p","region":"eu",
             "accessKey":"ak","accessId":"ai","secretKey":"sk","secretManagerKey":"smk","accessKeyID":"AKIA","secretAccessKey":"sak",
             "accountNumber":"1","iamUsername":"iam","assumeRole":"ar","role":"r","externalID":"x","defaultEndpointsProtocol":"https",
             "fileSystemType":"s3a","accountName":"acct","azureCredType":"SharedKey","azureSharedKey":"ask","azureTenantId":"t",
             "hdfsCredType":"h","followSymLinks":"true","domain":"d","shareName":"s","includePatterns":["*"],"excludePatterns":[],
             "includeSchemaPatterns":["a"],"excludeSchemaPatterns":["b"],"includeTablePatterns":["c"],"excludeTablePatterns":["d"],
             "deleteEmptyFolders":true,"availableForMigration":true,"enabledForMigration":false,"availableForWriting":true,
             "availableForDataMastering":false,"totalCapacity":12.5,"costPerTb":{"price":20.5,"currency":"EUR","frequency":"week"},
             "location":{"name":"HQ","street_address":"1 Main St","street_address_2":"","locality_city":"Paris",
                         "state_province":"IDF","postal_code":"75001","country":"FR"}}
            """;

        var (status, body) = await CallAsync(HttpMethod.Post, Sources(version), json);

        Assert.True(status == HttpStatusCode.Created, body.ToString());
    }

    [Theory]
    [InlineData("v1", "month")]
    [InlineData("v2", "day")]
    [InlineData("v1", "week")]
    [InlineData("v1", "year")]
    public async Task Each_cost_frequency_of_the_contract_is_accepted(string version, string frequency)
    {
        var (status, _) = await CallAsync(HttpMethod.Post, Sources(version),
            $$$"""{"resourceName":"cost","databaseType":"AWS","costPerTb":{"price":1,"currency":"USD","frequency":"{{{frequency}}}"}}""");

        Assert.Equal(HttpStatusCode.Created, status);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Secrets_are_stored_in_clear_but_never_returned_by_create_get_by_ids_or_filter(string version)
    {
        string[] secrets = ["password", "encryptedPassword", "secretKey", "secretAccessKey", "azureSharedKey",
            "trustStorePassword", "keyStorePassword", "oauthClientSecret"];
        string json = "{\"resourceName\":\"secretive\",\"databaseType\":\"AWS\",\"userName\":\"kept\","
            + string.Join(",", secrets.Select(s => $"\"{s}\":\"hunter2\"")) + "}";

        var (_, created) = await CallAsync(HttpMethod.Post, Sources(version), json);
        string id = created.GetProperty("data")[0].GetProperty("_id").GetString()!;
        var (_, get) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{id}");
        var (_, byIds) = await CallAsync(HttpMethod.Post, $"{Sources(version)}/by-ids", $$"""{"ids":["{{id}}"]}""");
        var (_, filter) = await FilterAsync(version, """{"resourceNames":["secretive"]}""");

        foreach (JsonElement answer in new[] { created.GetProperty("data")[0], get.GetProperty("data"), byIds.GetProperty("data")[0], filter.GetProperty("data")[0] })
        {
            Assert.DoesNotContain("hunter2", answer.ToString());
            Assert.All(secrets, s => Assert.False(answer.TryGetProperty(s, out _), s));
        }
        JsonElement stored = await StoredAsync(id);
        Assert.All(secrets, s => Assert.Equal("hunter2", stored.GetProperty(s).GetString()));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task An_empty_array_is_400(string version)
    {
        var (status, _) = await CallAsync(HttpMethod.Post, Sources(version), "[]");

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Theory]
    [InlineData("v1", "\"text\"")]
    [InlineData("v2", "42")]
    [InlineData("v1", "[\"text\"]")]
    public async Task A_body_that_is_not_an_object_or_an_array_of_objects_is_400(string version, string json)
    {
        var (status, _) = await CallAsync(HttpMethod.Post, Sources(version), json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Ten_thousand_items_are_accepted_and_one_more_is_400(string version)
    {
        var (tenThousand, _) = await CallAsync(HttpMethod.Post, Sources(version), Items("ok", 10_000));
        var (tooMany, body) = await CallAsync(HttpMethod.Post, Sources(version), Items("more", 10_001));

        Assert.Equal(HttpStatusCode.Created, tenThousand);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany);
        Assert.Contains("10000", Message(body));
        Assert.Empty(await FilteredNamesAsync(version, """{"resourceNames":["more-*"]}"""));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_body_that_is_not_valid_JSON_is_400(string version)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, Sources(version), """{"resourceName":"x",""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_repeated_key_in_one_object_is_400(string version)
    {
        var (status, _) = await CallAsync(HttpMethod.Post, Sources(version), """{"resourceName":"x","resourceName":"y","databaseType":"AWS"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    private static string Items(string prefix, int count)
    {
        var json = new StringBuilder("[");
        for (int i = 0; i < count; i++) json.Append(i == 0 ? "" : ",").Append($$"""{"resourceName":"{{prefix}}-{{i}}","databaseType":"AWS"}""");
        return json.Append(']').ToString();
    }
}
