using System;
using System.Collections.Generic;
using System.Threading;

namespace DataSources.Client;

/// <summary>
/// A filter listed as Find-DataSource shows it: the data sources, the total count when asked for,
/// and how far the reading has come. When the server's answer is the match, the server skips,
/// stops and counts. When a pattern needs more than the server can match (<c>keep</c>), every
/// match of the covering query is read and skip, first and the total count count what is kept,
/// so the total is known only at the end.
/// </summary>
internal sealed class FilterListing
{
    private readonly DataSourceClient _client;
    private readonly FilterQuery _query;
    private readonly FilterOptions _options;
    private readonly int _pageSize;
    private readonly Func<DataSource, bool>? _keep;
    private readonly bool _countTotal;

    // The last page that arrived, and the one whose arrival was last taken into account.
    private FilterProgress? _page;
    private FilterProgress? _seen;

    private long? _totalDue;
    private (long Read, long Expected)? _progressDue;

    /// <param name="client">The client to read with.</param>
    /// <param name="query">What the server filters on.</param>
    /// <param name="options">Skip, first and the page size, as for <see cref="DataSourceClient.Filter"/>; its OnPage is called too.</param>
    /// <param name="keep">Which of the server's answers to keep; null when the server's answer is exactly the match.</param>
    /// <param name="countTotal">Whether the total count is wanted.</param>
    public FilterListing(DataSourceClient client, FilterQuery query, FilterOptions options, Func<DataSource, bool>? keep, bool countTotal)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _query = query ?? throw new ArgumentNullException(nameof(query));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _pageSize = client.PageSizeOf(options);
        _keep = keep;
        _countTotal = countTotal;
    }

    /// <summary>
    /// Reads the listing lazily: one step per data source read from the server, which is the data
    /// source to write, or null when <c>keep</c> leaves it out, skip passes over it, or it comes after
    /// first while the total is still being counted (the step still lets the caller show progress and
    /// the request log as the pages come). Stopping the enumeration stops the requests.
    /// </summary>
    public IEnumerable<DataSource?> Read(CancellationToken cancellationToken) =>
        _keep == null ? ReadAsServed(cancellationToken) : ReadMatching(_keep, cancellationToken);

    /// <summary>The total count, once, when it is due: before the first data source when the server counts, else after the last.</summary>
    public bool TakeTotalCount(out long total)
    {
        total = _totalDue ?? 0;
        var due = _totalDue.HasValue;
        _totalDue = null;
        return due;
    }

    /// <summary>How far the reading has come, once per page, when more than one page will be read.</summary>
    public bool TakeProgress(out long read, out long expected)
    {
        (read, expected) = _progressDue ?? (0, 0);
        var due = _progressDue.HasValue;
        _progressDue = null;
        return due;
    }

    // The server skips, stops and counts; the count is due with the first page (or at the end, for no match).
    private IEnumerable<DataSource?> ReadAsServed(CancellationToken cancellationToken)
    {
        var first = _options.First;
        if (first == 0)
        {
            // Nothing to list: one row is asked for only for the count the server gives with it.
            if (_countTotal)
            {
                _totalDue = _client.GetFilterPageAsync(_query, 0, 1, cancellationToken).GetAwaiter().GetResult().TotalCount;
            }

            yield break;
        }

        foreach (var source in _client.EnumerateFilter(_query, _options.Skip, first, _pageSize, Arrived, cancellationToken))
        {
            if (_page != _seen)
            {
                if (_seen == null && _countTotal)
                {
                    _totalDue = _page!.TotalCount;
                }

                var expected = Math.Max(0, _page!.TotalCount - _options.Skip);
                Expect(first.HasValue ? Math.Min(expected, first.Value) : expected);
            }

            yield return source;
        }

        // An empty result yields nothing: the count is still due.
        if (_seen == null && _countTotal)
        {
            _totalDue = _page?.TotalCount ?? 0;
        }
    }

    // Every match of the covering query is read; what is kept is skipped, counted and stopped here.
    private IEnumerable<DataSource?> ReadMatching(Func<DataSource, bool> keep, CancellationToken cancellationToken)
    {
        var skip = _options.Skip;
        var first = _options.First;
        if (first == 0 && !_countTotal)
        {
            yield break;
        }

        long matched = 0;
        long written = 0;
        foreach (var source in _client.EnumerateFilter(_query, 0, null, _pageSize, Arrived, cancellationToken))
        {
            if (_page != _seen)
            {
                Expect(_page!.TotalCount);
            }

            if (!keep(source) || ++matched <= skip || written == first)
            {
                yield return null;
                continue;
            }

            written++;
            yield return source;
            if (written == first && !_countTotal)
            {
                yield break;
            }
        }

        if (_countTotal)
        {
            _totalDue = matched;
        }
    }

    private void Arrived(FilterProgress page)
    {
        _page = page;
        _options.OnPage?.Invoke(page);
    }

    // A new page has come: its progress is due when more than one page will be read.
    private void Expect(long expected)
    {
        _seen = _page;
        if (expected > _pageSize)
        {
            _progressDue = (_page!.Read, expected);
        }
    }
}
