using DataSources;

namespace DataSources.Client.Tests;

public sealed class CrudTests : ClientTest
{
    private static DataSourceCreateRequest FullSource(string name) =>
        new DataSourceCreateRequest()
            .Set("resourceName", name)
            .Set("databaseType", "POSTGRES")
            .Set("description", "orders database")
            .Set("host", "db.example.com")
            .Set("port", 5432)
            .Set("users", "alice;bob")
            .Set("schemaNames", new[] { "public", "sales" })
            .Set("noAuth", "false")
            .Set("availableForMigration", "1")
            .Set("oAuthType", "0")
            .Set("totalCapacity", "12.5")
            .Set("costPerTb", new Dictionary<string, object> { ["PRICE"] = 10, ["currency"] = "USD", ["Frequency"] = "month" })
            .Set("location", new Dictionary<string, object> { ["name"] = "HQ", ["StreetAddress"] = "1 Main St", ["postal_code"] = "12345" })
            .Set("owners", new[] { new Dictionary<string, object> { ["name"] = "dba", ["email"] = "dba@example.com" } })
            .Set("password", Secure("s3cret-pw"));

    [Fact]
    public async Task Create_then_get_maps_every_kind_of_field_to_typed_properties()
    {
        var client = Client();
        var result = await client.CreateAsync([FullSource("orders-db")], Timeout);

        Assert.Empty(result.Failures);
        var created = Assert.Single(result.Created)!;
        var fetched = await client.GetAsync(created.Id!, Timeout);

        foreach (var source in new[] { created, fetched })
        {
            Assert.Matches("^[0-9a-f]{24}$", source.Id);
            Assert.Equal("orders-db", source.ResourceName);
            Assert.Equal("POSTGRES", source.DatabaseType);
            Assert.Equal("5432", source.Port);
            Assert.Equal(["alice", "bob"], source.Users!);
            Assert.Equal(["public", "sales"], source.SchemaNames!);
            Assert.False(source.NoAuth);
            Assert.True(source.AvailableForMigration);
            Assert.Equal(0, source.OAuthType);
            Assert.Equal(12.5, source.TotalCapacity);
            Assert.Equal(10, source.CostPerTb!.Price);
            Assert.Equal("USD", source.CostPerTb.Currency);
            Assert.Equal("month", source.CostPerTb.Frequency);
            Assert.Equal("HQ", source.Location!.Name);
            Assert.Equal("1 Main St", source.Location.StreetAddress);
            Assert.Equal("12345", source.Location.PostalCode);
            // The server's schema declares no owner properties: it answers each owner as {}.
            Assert.Empty(Assert.Single(source.Owners!));
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", source.UserId);
            Assert.NotNull(source.Date);
            Assert.Empty(source.AdditionalFields);
        }
    }

    [Fact]
    public async Task Owners_come_back_as_stored_from_a_server_that_returns_them()
    {
        await SetBehaviourAsync(new { returnOwners = true });
        var client = Client();

        var created = (await client.CreateAsync([FullSource("owned")], Timeout)).Created[0]!;

        Assert.Equal("dba@example.com", Assert.Single(created.Owners!)["email"]);
    }

    [Fact]
    public async Task A_data_source_copied_through_FromDataSource_keeps_every_creatable_field()
    {
        var client = Client();
        var original = (await client.CreateAsync([FullSource("copy-source").Set("status", "ACTIVE")], Timeout)).Created[0]!;

        var request = DataSourceCreateRequest.FromDataSource(original).Set("resourceName", "copy-target");
        var copy = (await client.CreateAsync([request], Timeout)).Created[0]!;

        Assert.DoesNotContain("_id", request.FieldNames);
        Assert.DoesNotContain("password", request.FieldNames);
        Assert.NotEqual(original.Id, copy.Id);
        Assert.Equal("copy-target", copy.ResourceName);
        foreach (var property in typeof(DataSource).GetProperties().Where(p => p.Name is not ("Id" or "ResourceName" or "Date" or "AdditionalFields")))
        {
            var expected = property.GetValue(original);
            var actual = property.GetValue(copy);
            if (expected is DataSourceCost or DataSourceLocation or System.Collections.IEnumerable and not string)
                Assert.Equal(Newtonsoft.Json.JsonConvert.SerializeObject(expected), Newtonsoft.Json.JsonConvert.SerializeObject(actual));
            else
                Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void The_read_model_has_no_property_for_any_secret_field()
    {
        var properties = typeof(DataSource).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var secrets = DataSourceSchema.Fields.Where(f => f.IsSecret).Select(f => f.JsonName).ToList();

        Assert.Equal(8, secrets.Count);
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, properties));
        Assert.All(
            DataSourceSchema.Fields.Where(f => !f.IsSecret && f.JsonName != "_id"),
            field => Assert.Contains(field.JsonName, properties));
    }

    [Fact]
    public async Task Update_sends_only_the_fields_set_including_empty_string_and_empty_array()
    {
        var client = Client();
        var created = (await client.CreateAsync([FullSource("patch-me").Set("includePatterns", "a*;b*").Set("note", "keep")], Timeout)).Created[0]!;

        var updated = await client.UpdateAsync(
            created.Id!,
            new DataSourcePatch().Set("description", "").Set("includePatterns", Array.Empty<string>()).Set("incremental", true),
            Timeout);

        Assert.Equal("", updated.Description);
        Assert.Equal([], updated.IncludePatterns!);
        // The server stores incremental but never returns it: the store says it was sent.
        Assert.Null(updated.Incremental);
        Assert.True((bool)(await StoredAsync(created.Id!))["incremental"]!);
        Assert.Equal("keep", updated.Note);
        Assert.Equal("db.example.com", updated.Host);
        Assert.Equal("5432", updated.Port);
        Assert.Equal(10, updated.CostPerTb!.Price);
        Assert.Equal("keep", (await client.GetAsync(created.Id!, Timeout)).Note);
    }

    [Fact]
    public async Task Update_unread_changes_the_fields_set_as_Update_does()
    {
        var client = Client();
        var created = (await client.CreateAsync([FullSource("patch-unread").Set("note", "keep")], Timeout)).Created[0]!;

        await client.UpdateUnreadAsync(created.Id!, new DataSourcePatch().Set("description", "changed").Set("incremental", true), Timeout);

        var stored = await StoredAsync(created.Id!);
        Assert.Equal("changed", (string)stored["description"]!);
        Assert.True((bool)stored["incremental"]!);
        Assert.Equal("keep", (string)stored["note"]!);
    }

    [Theory]
    [InlineData("404")]
    [InlineData("400")]
    [InlineData("null")]
    [InlineData("500")]
    public async Task Update_unread_of_an_unknown_id_fails_with_NotFound_whatever_the_server_answers(string unknownId)
    {
        await SetBehaviourAsync(new { unknownId });
        var client = Client();

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() =>
            client.UpdateUnreadAsync("0123456789abcdef01234567", new DataSourcePatch().Set("note", "x"), Timeout));

        Assert.Equal(ApiErrorKind.NotFound, error.Kind);
        Assert.Contains("0123456789abcdef01234567", error.Message);
    }

    [Fact]
    public async Task Update_with_a_secret_as_SecureString_is_accepted_and_never_returned()
    {
        var client = Client();
        var created = (await client.CreateAsync([NewSource("secret-patch")], Timeout)).Created[0]!;

        var updated = await client.UpdateAsync(created.Id!, new DataSourcePatch().Set("password", Secure("new-pw-123")), Timeout);

        Assert.Equal("secret-patch", updated.ResourceName);
        Assert.DoesNotContain("password", updated.AdditionalFields.Keys);
    }

    [Fact]
    public async Task Get_of_an_unknown_id_fails_with_NotFound_naming_the_route()
    {
        var client = Client();

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetAsync("0123456789abcdef01234567", Timeout));

        Assert.Equal(ApiErrorKind.NotFound, error.Kind);
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("GET", error.Method);
        Assert.Equal(Api + "/data-sources/{id}", error.Route);
        Assert.Contains("0123456789abcdef01234567", error.Message);
        Assert.IsType<string>(error.ServerMessage);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("by-ids/../filter")]
    [InlineData("x?y=1#z")]
    [InlineData("a%2Fb")]
    public async Task An_id_is_sent_as_one_escaped_path_segment(string id)
    {
        var client = Client();

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetAsync(id, Timeout));

        Assert.Equal(ApiErrorKind.NotFound, error.Kind);
        Assert.Equal(1, await CountAsync(GetRoute));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public async Task A_blank_id_is_refused_before_anything_is_sent(string? id)
    {
        var client = Client();

        await Assert.ThrowsAsync<DataSourceInputException>(() => client.GetAsync(id!, Timeout));
        await Assert.ThrowsAsync<DataSourceInputException>(() => client.UpdateAsync(id!, new DataSourcePatch().Set("note", "x"), Timeout));
        await Assert.ThrowsAsync<DataSourceInputException>(() => client.GetManyAsync(["ok", id!], Timeout));
        Assert.Equal(0, await TotalRequestsAsync());
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task A_dot_segment_id_is_refused_before_anything_is_sent(string id)
    {
        var client = Client();

        await Assert.ThrowsAsync<DataSourceInputException>(() => client.GetAsync(id, Timeout));
        await Assert.ThrowsAsync<DataSourceInputException>(() => client.UpdateAsync(id, new DataSourcePatch().Set("note", "x"), Timeout));
        Assert.Equal(0, await TotalRequestsAsync());
    }

    [Fact]
    public async Task An_empty_patch_is_refused_before_anything_is_sent()
    {
        var client = Client();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.UpdateAsync("abc", new DataSourcePatch(), Timeout));

        Assert.Contains("no field", error.Message);
        Assert.Equal(0, await TotalRequestsAsync());
    }

    [Fact]
    public async Task A_v1_client_uses_the_v1_routes()
    {
        var client = Client(s => s.ApiVersion = "V1");

        var created = (await client.CreateAsync([NewSource("v1-source")], Timeout)).Created[0]!;
        var page = await client.GetFilterPageAsync(new FilterQuery(ids: [created.Id!]), 0, 10, Timeout);

        Assert.Equal("v1-source", Assert.Single(page.Items).ResourceName);
        Assert.Equal("v1", client.ApiVersion);
        Assert.Equal(1, await CountAsync("POST /api/public/v1/data-sources"));
        Assert.Equal(1, await CountAsync("POST /api/public/v1/data-sources/filter"));
        Assert.Equal(0, await CountAsync(CreateRoute));
    }

    [Fact]
    public async Task Filter_page_reports_skip_limit_and_the_servers_total_count()
    {
        await ResetAsync(30);
        var client = Client();

        var page = await client.GetFilterPageAsync(FilterQuery.All, 25, 10, Timeout);

        Assert.Equal(5, page.Items.Count);
        Assert.Equal(25, page.Skip);
        Assert.Equal(10, page.Limit);
        Assert.Equal(30, page.TotalCount);
    }

    [Fact]
    public async Task Filter_combines_keys_and_takes_wildcards()
    {
        var client = Client();
        await client.CreateAsync(
            [NewSource("prod-a"), NewSource("prod-b", "MYSQL"), NewSource("test-a"), NewSource("prod-c", "AWS")], Timeout);

        var names = client.Filter(new FilterQuery(resourceNames: ["prod-*"], databaseTypes: ["POSTGRES", "MYSQL"]), new FilterOptions(), Timeout)
            .Select(s => s.ResourceName).ToList();

        Assert.Equal(["prod-a", "prod-b"], names);
    }
}
