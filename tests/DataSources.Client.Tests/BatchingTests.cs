
namespace DataSources.Client.Tests;

public sealed class BatchingTests : ClientTest
{
    [Fact]
    public async Task Create_sends_one_request_per_batch_and_returns_results_in_input_order()
    {
        var client = Client(s => s.CreateBatchSize = 100);
        var items = NewSources("batch", 250);

        var result = await client.CreateAsync(items, Timeout);

        Assert.Equal(3, await CountAsync(CreateRoute));
        Assert.Equal(250, result.Count);
        Assert.Empty(result.Failures);
        Assert.Equal(items.Select(i => i.ResourceName), result.Created.Select(c => c!.ResourceName));
    }

    [Theory]
    [InlineData("stored-before")]
    [InlineData("none-stored")]
    [InlineData("per-item")]
    public async Task Create_with_names_that_exist_creates_the_rest_and_names_each_existing_source(string duplicates)
    {
        await SetBehaviourAsync(new { duplicates });
        var client = Client();
        var taken = (await client.CreateAsync([NewSource("taken-1"), NewSource("taken-2")], Timeout)).Created;
        await ClearStatsAsync();

        var result = await client.CreateAsync(
            [NewSource("fresh-1"), NewSource("taken-1"), NewSource("fresh-2"), NewSource("taken-2"), NewSource("fresh-3")], Timeout);

        Assert.Equal(["fresh-1", null, "fresh-2", null, "fresh-3"], result.Created.Select(c => c?.ResourceName));
        Assert.Equal([1, 3], result.Failures.Select(f => f.Index));
        foreach (var (failure, existing) in result.Failures.Zip(taken))
        {
            Assert.True(failure.IsDuplicate);
            Assert.Equal(existing!.Id, failure.Existing!.Id);
            Assert.Equal($"A data source named '{existing.ResourceName}' already exists (id {existing.Id}).", failure.Message);
        }

        // Never a bisection: a create, one look-up of the batch's names, the rest sent again.
        Assert.InRange(await CountAsync(CreateRoute) + await CountAsync(FilterRoute), 2, 3);
        Assert.Equal(["fresh-1", "fresh-2", "fresh-3", "taken-1", "taken-2"], (await ListAsync("*")).Select(s => s.ResourceName).Order());
    }

    [Theory]
    [InlineData("stored-before")]
    [InlineData("none-stored")]
    public async Task A_batch_of_names_that_all_exist_costs_one_create_and_one_look_up(string duplicates)
    {
        await SetBehaviourAsync(new { duplicates });
        var client = Client();
        await client.CreateAsync(NewSources("again", 50), Timeout);
        await ClearStatsAsync();

        var result = await client.CreateAsync(NewSources("again", 50), Timeout);

        Assert.All(result.Failures, failure => Assert.True(failure.IsDuplicate && failure.Existing != null));
        Assert.Equal(50, result.Failures.Count);
        Assert.Equal((1, 1), (await CountAsync(CreateRoute), await CountAsync(FilterRoute)));
        Assert.Equal(50, (await ListAsync("again-*")).Count);
    }

    [Fact]
    public async Task A_duplicate_fqdnId_under_a_new_name_is_reported_for_that_item_and_the_others_created()
    {
        var client = Client();
        await client.CreateAsync([NewSource("first").Set("fqdnId", "db.example.com:5432/orders")], Timeout);

        var result = await client.CreateAsync(
            [NewSource("second-a"), NewSource("second-b").Set("fqdnId", "db.example.com:5432/orders"), NewSource("second-c")], Timeout);

        Assert.Equal(["second-a", null, "second-c"], result.Created.Select(c => c?.ResourceName));
        var failure = Assert.Single(result.Failures);
        Assert.True(failure.IsDuplicate);
        Assert.Null(failure.Existing);
        Assert.Contains("fqdnId_1", failure.Message);
    }

    [Fact]
    public async Task Create_reports_every_item_of_a_400_that_refused_them_all_instead_of_throwing()
    {
        var client = Client();
        await client.CreateAsync([NewSource("dup-a"), NewSource("dup-b")], Timeout);

        var result = await client.CreateAsync([NewSource("dup-a"), NewSource("dup-b")], Timeout);

        Assert.All(result.Created, Assert.Null);
        Assert.Equal([(0, "dup-a", 400), (1, "dup-b", 400)], result.Failures.Select(f => (f.Index, f.ResourceName, f.StatusCode ?? 0)));
    }

    [Fact]
    public async Task Create_indices_stay_those_of_the_input_across_batches()
    {
        var client = Client(s => s.CreateBatchSize = 2);
        await client.CreateAsync([NewSource("seen")], Timeout);
        await ClearStatsAsync();

        var result = await client.CreateAsync([NewSource("n0"), NewSource("n1"), NewSource("n2"), NewSource("seen"), NewSource("n4")], Timeout);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(3, failure.Index);
        Assert.Equal("seen", failure.ResourceName);
        Assert.Equal(3, await CountAsync(CreateRoute));
    }

    [Fact]
    public async Task An_item_without_a_required_field_is_reported_and_not_sent_so_the_batch_goes_through()
    {
        var client = Client();
        var noType = new DataSourceCreateRequest().Set("resourceName", "no-type");

        var result = await client.CreateAsync([NewSource("ok-1"), noType, NewSource("ok-2")], Timeout);

        var failure = Assert.Single(result.Failures);
        Assert.Equal((1, "no-type", (int?)null), (failure.Index, failure.ResourceName, failure.StatusCode));
        Assert.Contains("databaseType", failure.Message);
        Assert.Equal(["ok-1", "ok-2"], result.Created.Where(c => c is not null).Select(c => c!.ResourceName));
        Assert.Equal(1, await CountAsync(CreateRoute));
    }

    [Fact]
    public async Task A_batch_refused_as_a_whole_without_item_details_is_split_until_the_bad_item_stands_alone()
    {
        var client = Client();
        var bad = NewSource("bad-cost").Set("costPerTb", new Dictionary<string, object> { ["price"] = 1, ["currency"] = "USD", ["frequency"] = "fortnight" });
        var items = NewSources("good", 7);
        items.Insert(5, bad);

        var result = await client.CreateAsync(items, Timeout);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(5, failure.Index);
        Assert.Equal(400, failure.StatusCode);
        Assert.Contains("frequency", failure.Message);
        Assert.Equal(7, result.Created.Count(c => c is not null));
        Assert.Equal(7, (await ListAsync("good-*")).Count);
    }

    [Fact]
    public async Task GetMany_sends_one_request_per_batch_keeps_the_asked_order_and_reports_missing_ids()
    {
        await ResetAsync(1200);
        var client = Client(s => s.GetBatchSize = 500);
        var all = client.Filter(FilterQuery.All, new FilterOptions(), Timeout).Select(s => s.Id!).ToList();
        await ClearStatsAsync();
        var asked = all.AsEnumerable().Reverse().ToList();
        asked.Insert(3, "ffffffffffffffffffffffff");
        asked.Add(asked[0]);

        var result = await client.GetManyAsync(asked, Timeout);

        Assert.Equal(3, await CountAsync(ByIdsRoute));
        Assert.Equal(asked.Where(id => id != "ffffffffffffffffffffffff"), result.Found.Select(s => s.Id));
        Assert.Equal(["ffffffffffffffffffffffff"], result.NotFound);
    }

    [Fact]
    public async Task GetByNames_sends_one_filter_request_per_batch_keeps_the_asked_order_and_reports_missing_names()
    {
        var client = Client(s => s.GetBatchSize = 2);
        await client.CreateAsync(NewSources("named", 5), Timeout);
        await ClearStatsAsync();
        string[] asked = ["named-0003", "named-0000", "no-such-name", "named-0004", "named-0001", "named-0003"];

        var result = await client.GetByNamesAsync(asked, Timeout);

        Assert.Equal(3, await CountAsync(FilterRoute));
        Assert.Equal(["named-0003", "named-0000", "named-0004", "named-0001", "named-0003"], result.Found.Select(s => s.ResourceName));
        Assert.Equal(["no-such-name"], result.NotFound);
    }

    [Fact]
    public async Task GetByNames_matches_names_exactly_so_a_star_is_literal_and_case_counts()
    {
        var client = Client();
        await client.CreateAsync([NewSource("star*name"), NewSource("star-other-name"), NewSource("Upper-Name")], Timeout);

        var result = await client.GetByNamesAsync(["star*name", "star*", "upper-name"], Timeout);

        Assert.Equal(["star*name"], result.Found.Select(s => s.ResourceName));
        Assert.Equal(["star*", "upper-name"], result.NotFound);
    }

    [Fact]
    public async Task GetByNames_refuses_an_empty_name_before_anything_is_sent()
    {
        var client = Client();

        var refused = await Assert.ThrowsAsync<DataSourceInputException>(() => client.GetByNamesAsync(["ok", ""], Timeout));

        Assert.Contains("index 1", refused.Message);
        Assert.Equal(0, await TotalRequestsAsync());
    }

    [Fact]
    public async Task GetMany_of_nothing_sends_nothing()
    {
        var client = Client();

        var result = await client.GetManyAsync([], Timeout);

        Assert.Empty(result.Found);
        Assert.Empty(result.NotFound);
        Assert.Equal(0, await TotalRequestsAsync());
    }

    [Fact]
    public async Task A_batch_that_fails_for_good_after_an_earlier_one_was_created_keeps_the_created_ones()
    {
        var posts = 0;
        using var stub = StubServer.Start(async context =>
        {
            context.Response.ContentType = "application/json";
            if (Interlocked.Increment(ref posts) == 1)
            {
                context.Response.StatusCode = 201;
                await context.Response.WriteAsync(
                    """{"status":201,"data":[{"_id":"a0","resourceName":"n0","databaseType":"AWS"},{"_id":"a1","resourceName":"n1","databaseType":"AWS"}]}""");
                return;
            }
            context.Response.StatusCode = 503;
            context.Response.Headers["Retry-After"] = "0";
            await context.Response.WriteAsync("""{"status":503,"message":"Service Unavailable"}""");
        });
        var settings = new DataSourceConnectionSettings(stub.BaseUri) { CreateBatchSize = 2, MaxAttempts = 2, ApiVersion = "v1" };
        using var client = new DataSourceClient(settings, new TokenCredential(Secure("opaque-token-value")));
        var items = Enumerable.Range(0, 4)
            .Select(i => new DataSourceCreateRequest().Set("resourceName", $"n{i}").Set("databaseType", "AWS"))
            .ToList();

        var result = await client.CreateAsync(items, Timeout);

        Assert.Equal(["a0", "a1"], result.Created.Take(2).Select(created => created!.Id));
        Assert.All(new[] { 2, 3 }, index =>
        {
            var failure = result.GetFailure(index)!;
            Assert.Equal($"n{index}", failure.ResourceName);
            Assert.Equal(503, failure.StatusCode);
            Assert.Equal(ApiErrorKind.Server, failure.Error!.Kind);
        });
    }
}
