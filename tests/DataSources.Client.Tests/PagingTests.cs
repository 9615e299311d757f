namespace DataSources.Client.Tests;

public sealed class PagingTests : ClientTest
{
    protected override string[] ServerArgs => ["--seed-count", "95"];

    [Fact]
    public async Task Filter_asks_for_the_next_two_pages_once_half_of_the_current_one_is_taken()
    {
        var client = Client();
        var listing = client.Filter(FilterQuery.All, new FilterOptions { PageSize = 10 }, Timeout);
        await ClearStatsAsync();

        using (var enumerator = listing.GetEnumerator())
        {
            Assert.Equal(0, await CountAsync(FilterRoute));
            for (int i = 0; i < 5; i++) Assert.True(enumerator.MoveNext());
            Assert.Equal(1, await CountAsync(FilterRoute));

            // The sixth item starts the requests for the second and third pages, which the last four
            // items of the first then do not wait for, and which the second page does not repeat.
            Assert.True(enumerator.MoveNext());
            Assert.Equal(3, await WaitForCountAsync(FilterRoute, 3));
            for (int i = 0; i < 5; i++) Assert.True(enumerator.MoveNext());
            Assert.Equal(3, await CountAsync(FilterRoute));
        }

        Assert.Equal(4, listing.Take(4).Count());
        Assert.Equal(4, await CountAsync(FilterRoute));
    }

    [Fact]
    public async Task Filter_reads_everything_in_creation_order_with_one_request_per_page()
    {
        var client = Client(s => s.PageSize = 10);

        var all = client.Filter(FilterQuery.All, new FilterOptions(), Timeout).ToList();

        Assert.Equal(95, all.Count);
        Assert.Equal(95, all.Select(s => s.Id).Distinct().Count());
        Assert.Equal(10, await CountAsync(FilterRoute));
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.First.Date <= pair.Second.Date));
    }

    [Fact]
    public async Task Filter_asks_for_no_more_rows_than_first_needs()
    {
        var log = new RecordingLog(debug: false);
        var client = Client(log: log);

        var items = client.Filter(FilterQuery.All, new FilterOptions { First = 25, PageSize = 10 }, Timeout).ToList();

        Assert.Equal(25, items.Count);
        Assert.Equal(3, await CountAsync(FilterRoute));
        // Pages read ahead go out together, so in no set order.
        Assert.Equal(
            ["skip=0&limit=10", "skip=10&limit=10", "skip=20&limit=5"],
            log.Entries.Where(e => e.Path.Contains("/filter")).Select(e => e.Path.Split('?')[1]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Filter_honours_skip_and_reports_progress_with_the_total_count()
    {
        var client = Client();
        var progress = new List<(long Read, long Total)>();
        var options = new FilterOptions { Skip = 90, PageSize = 3, OnPage = p => progress.Add((p.Read, p.TotalCount)) };

        var items = client.Filter(FilterQuery.All, options, Timeout).ToList();

        Assert.Equal(5, items.Count);
        Assert.Equal([(3, 95), (5, 95)], progress);
        var everything = client.Filter(FilterQuery.All, new FilterOptions(), Timeout).ToList();
        Assert.Equal(everything.Skip(90).Select(s => s.Id), items.Select(s => s.Id));
    }

    [Fact]
    public async Task Filter_with_first_zero_sends_nothing_and_an_empty_match_sends_one_request()
    {
        var client = Client();
        await ClearStatsAsync();

        Assert.Empty(client.Filter(FilterQuery.All, new FilterOptions { First = 0 }, Timeout));
        Assert.Equal(0, await CountAsync(FilterRoute));
        Assert.Empty(client.Filter(new FilterQuery(resourceNames: ["no-such-*"]), new FilterOptions(), Timeout));
        Assert.Equal(1, await CountAsync(FilterRoute));
    }

    [Fact]
    public void Filter_options_and_settings_refuse_page_sizes_outside_1_to_10000()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FilterOptions { PageSize = 10001 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FilterOptions { PageSize = 0 });
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => Settings(s => s.PageSize = 10001));
        Assert.StartsWith("PageSize must be between 1 and 10,000.", refused.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FilterOptions { Skip = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new FilterOptions { Skip = FilterOptions.MaxSkip + 1L });
    }

    [Fact]
    public async Task A_listing_the_server_counts_gives_the_total_before_the_first_item_and_skips_and_stops_on_the_server()
    {
        var client = Client();
        var listing = new FilterListing(client, FilterQuery.All, new FilterOptions { Skip = 10, First = 25, PageSize = 10 }, keep: null, countTotal: true);
        await ClearStatsAsync();
        var totals = new List<(int Written, long Total)>();
        var progress = new List<(long Read, long Expected)>();
        var written = new List<DataSource>();

        foreach (var step in listing.Read(Timeout))
        {
            if (listing.TakeTotalCount(out var total)) totals.Add((written.Count, total));
            if (listing.TakeProgress(out var read, out var expected)) progress.Add((read, expected));
            if (step != null) written.Add(step);
        }

        Assert.Equal(25, written.Count);
        Assert.Equal([(0, 95L)], totals);
        Assert.Equal([(10L, 25L), (20L, 25L), (25L, 25L)], progress);
        Assert.False(listing.TakeTotalCount(out _));
        Assert.Equal(3, await CountAsync(FilterRoute));
    }

    [Fact]
    public async Task A_listing_matched_here_counts_skip_first_and_the_total_over_what_it_keeps()
    {
        var client = Client();
        var everything = client.Filter(FilterQuery.All, new FilterOptions(), Timeout).ToList();
        var keptIds = everything.Where((_, index) => index % 3 == 0).Select(s => s.Id).ToList();
        var kept = keptIds.ToHashSet();
        var listing = new FilterListing(client, FilterQuery.All, new FilterOptions { Skip = 2, First = 5, PageSize = 40 }, s => kept.Contains(s.Id), countTotal: true);

        var steps = listing.Read(Timeout).ToList();

        Assert.Equal(95, steps.Count);
        Assert.Equal(keptIds.Skip(2).Take(5), steps.Where(s => s != null).Select(s => s!.Id));
        Assert.True(listing.TakeTotalCount(out var total));
        Assert.Equal(kept.Count, total);

        var stopping = new FilterListing(client, FilterQuery.All, new FilterOptions { First = 1, PageSize = 40 }, s => kept.Contains(s.Id), countTotal: false);
        await ClearStatsAsync();
        Assert.Single(stopping.Read(Timeout), s => s != null);
        Assert.Equal(1, await CountAsync(FilterRoute));
        Assert.False(stopping.TakeTotalCount(out _));
    }
}
