using System;
using System.Management.Automation;
using DataSources.Client;

namespace DataSources.Commands
{
    /// <summary>
    /// Find-DataSource: the server's filter, streamed page by page. A downstream
    /// <c>Select-Object -First n</c> stops the paging: the next pages are asked for only once the
    /// pipeline has taken half of the current one.
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "DataSource", SupportsPaging = true)]
    [OutputType(typeof(DataSource))]
    public sealed class FindDataSourceCommand : ConnectedDataSourceCmdlet
    {
        private const int ProgressActivityId = 1;

        private FilterProgress? _lastPage;

        /// <summary>Resource names or patterns with <c>*</c>, e.g. <c>prod-*</c>; any one may match.</summary>
        [Parameter(Position = 0)]
        [Alias("ResourceName")]
        [SupportsWildcards]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(DataSourceNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Database type codes or patterns with <c>*</c>, e.g. <c>POSTGRES</c>; any one may match.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(DatabaseTypeCompleter))]
        public string[]? DatabaseType { get; set; }

        /// <summary>Exact ids; any one may match.</summary>
        [Parameter]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(DataSourceIdCompleter))]
        public string[]? Id { get; set; }

        /// <summary>Rows per request, 1 to 10,000.</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int PageSize { get; set; } = 1000;

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            // The API takes skip as a 32-bit integer.
            if (PagingParameters.Skip > int.MaxValue)
            {
                ThrowTerminatingError(InvalidArgument(
                    $"-Skip must be at most {int.MaxValue:N0}; it was {PagingParameters.Skip:N0}.", "InvalidSkip", PagingParameters.Skip));
            }

            var skip = (long)PagingParameters.Skip;
            long? first = PagingParameters.First >= long.MaxValue ? (long?)null : (long)PagingParameters.First;
            var options = new FilterOptions { Skip = skip, First = first, PageSize = PageSize, OnPage = page => _lastPage = page };
            var query = new FilterQuery(Id, Name, DatabaseType);

            FilterProgress? reported = null;
            var showProgress = false;
            try
            {
                using (var sources = Client.Filter(query, options, CancellationToken).GetEnumerator())
                {
                    while (MoveNext(sources))
                    {
                        if (_lastPage != reported)
                        {
                            showProgress |= ReportPage(_lastPage!, reported == null, skip, first);
                            reported = _lastPage;
                        }

                        WriteObject(sources.Current);
                    }
                }
            }
            catch (DataSourceApiException exception)
            {
                WriteApiError(exception, (object?)Name ?? (object?)Id ?? DatabaseType);
                return;
            }
            catch (OperationCanceledException) when (Stopping)
            {
                return;
            }

            // An empty result, or -First 0, yields nothing: the count is still due.
            if (reported == null && PagingParameters.IncludeTotalCount)
            {
                WriteObject(_lastPage == null
                    ? PagingParameters.NewTotalCount(0, 0.0)
                    : PagingParameters.NewTotalCount((ulong)_lastPage.TotalCount, 1.0));
            }

            if (showProgress)
            {
                WriteProgress(new ProgressRecord(ProgressActivityId, "Find-DataSource", "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>Writes the total count after the first page, and progress when more than one page is read; returns whether it wrote progress.</summary>
        private bool ReportPage(FilterProgress page, bool isFirst, long skip, long? first)
        {
            if (isFirst && PagingParameters.IncludeTotalCount)
            {
                WriteObject(PagingParameters.NewTotalCount((ulong)page.TotalCount, 1.0));
            }

            var expected = Math.Max(0, page.TotalCount - skip);
            if (first.HasValue)
            {
                expected = Math.Min(expected, first.Value);
            }

            if (expected <= PageSize)
            {
                return false;
            }

            WriteProgress(new ProgressRecord(ProgressActivityId, "Find-DataSource", $"Received {page.Read:N0} of {expected:N0} data sources")
            {
                PercentComplete = (int)Math.Min(100, page.Read * 100 / expected),
            });
            return true;
        }
    }
}
