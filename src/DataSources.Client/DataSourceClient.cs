using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DataSources.Client
{
    /// <summary>
    /// A connection to the Data Sources API: login and token renewal, HTTP with retries, batching,
    /// paging and the error model. Thread-safe; one instance per connection, reused for every call.
    /// </summary>
    public sealed class DataSourceClient : IDisposable
    {
        // An id no data source has: a by-ids call with it proves address and token cost nothing.
        private const string ProbeId = "000000000000000000000000";

        private readonly DataSourceConnectionSettings _settings;
        private readonly ApiTransport _transport;
        private readonly ApiRequestFactory _requests;
        private readonly TokenSession _session;

        /// <summary>Creates a client; nothing is sent until the first call.</summary>
        /// <exception cref="DataSourceInputException">
        /// The address is not http or https, or it is http:// to a host that is not loopback and
        /// <see cref="DataSourceConnectionSettings.AllowUnencryptedAuthentication"/> is off.
        /// </exception>
        public DataSourceClient(DataSourceConnectionSettings settings, DataSourceCredential credential, IRequestLog? log = null)
        {
            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            if (credential == null)
            {
                throw new ArgumentNullException(nameof(credential));
            }

            _settings = settings.Clone();
            CheckAddress(_settings);
            _requests = new ApiRequestFactory(_settings.ApiVersion);
            _transport = new ApiTransport(_settings, log);
            _session = new TokenSession(credential, _transport, _requests);
        }

        /// <summary>A copy of the settings this client was made with; changing it changes nothing.</summary>
        public DataSourceConnectionSettings Settings => _settings.Clone();

        /// <summary>The user: from the token once known, else the user name of a password credential.</summary>
        public string? UserName => _session.UserName;

        /// <summary>When the current token expires (its <c>exp</c>), or null when unknown or not logged in yet.</summary>
        public DateTimeOffset? TokenExpiresAt => _session.Current?.ExpiresAt;

        /// <summary>The realm roles in the current token (e.g. <c>Admin</c>, <c>Business_User</c>); empty when unknown.</summary>
        public IReadOnlyList<string> Roles => _session.Current?.Roles ?? Array.Empty<string>();

        /// <summary>
        /// Logs in (password) or checks the token with one cheap call (token), so a bad address,
        /// password or token fails here rather than on the first real call.
        /// </summary>
        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            await _session.ConnectAsync(cancellationToken).ConfigureAwait(false);
            if (_session.CanRenew)
            {
                return;
            }

            await _transport
                .SendAsync(_requests.ByIds(new[] { ProbeId }, 0, 1), _session, ResponseReaders.DataSourceList, cancellationToken)
                .ConfigureAwait(false);
        }

        /// <summary>
        /// Creates data sources, one request per <see cref="DataSourceConnectionSettings.CreateBatchSize"/>
        /// items. Items the server refuses, or that lack a required field, are reported per index in
        /// the result; a failure of a whole request throws. After a 500 the batch's names are looked
        /// up: the ones that exist are reported created, the rest failed with the 500.
        /// </summary>
        public Task<CreateResult> CreateAsync(IReadOnlyList<DataSourceCreateRequest> items, CancellationToken cancellationToken)
        {
            if (items == null)
            {
                throw new ArgumentNullException(nameof(items));
            }

            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] == null)
                {
                    throw new ArgumentException($"The item at index {i} is null.", nameof(items));
                }
            }

            return new CreateOperation(items, _transport, _session, _requests, FindByResourceNamesAsync).RunAsync(cancellationToken);
        }

        /// <summary>Gets one data source; a missing one is a <see cref="ApiErrorKind.NotFound"/> failure.</summary>
        public async Task<DataSource> GetAsync(string id, CancellationToken cancellationToken)
        {
            CheckId(id, "An id");
            var response = await _transport
                .SendAsync(_requests.Get(id), _session, ResponseReaders.DataSourceObject, cancellationToken)
                .ConfigureAwait(false);
            return response.Data;
        }

        /// <summary>
        /// Gets many by id, one request per <see cref="DataSourceConnectionSettings.GetBatchSize"/> ids;
        /// found ones in the order asked, and the ids the server does not have.
        /// </summary>
        public async Task<GetManyResult> GetManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            if (ids == null)
            {
                throw new ArgumentNullException(nameof(ids));
            }

            for (var i = 0; i < ids.Count; i++)
            {
                CheckId(ids[i], $"The id at index {i}");
            }

            var distinct = Distinct(ids);
            var byId = new Dictionary<string, DataSource>(distinct.Count, StringComparer.Ordinal);
            for (var start = 0; start < distinct.Count; start += _settings.GetBatchSize)
            {
                var count = Math.Min(_settings.GetBatchSize, distinct.Count - start);
                var response = await _transport
                    .SendAsync(_requests.ByIds(distinct, start, count), _session, ResponseReaders.DataSourceList, cancellationToken)
                    .ConfigureAwait(false);
                foreach (var source in response.Data)
                {
                    if (source.Id != null)
                    {
                        byId[source.Id] = source;
                    }
                }
            }

            return InAskedOrder(ids, byId);
        }

        /// <summary>
        /// Gets data sources by exact resource name, one filter request (paged) per
        /// <see cref="DataSourceConnectionSettings.GetBatchSize"/> names: found ones in the order asked,
        /// and the names the server does not have. A name matches only itself, case included; a
        /// <c>*</c> in it is literal here, though the server, asked with it, reads it as its wildcard.
        /// </summary>
        public async Task<GetManyResult> GetByNamesAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
        {
            if (names == null)
            {
                throw new ArgumentNullException(nameof(names));
            }

            for (var i = 0; i < names.Count; i++)
            {
                if (string.IsNullOrEmpty(names[i]))
                {
                    throw new DataSourceInputException($"The name at index {i} cannot be null or empty.");
                }
            }

            var distinct = Distinct(names);
            var byName = new Dictionary<string, DataSource>(distinct.Count, StringComparer.Ordinal);
            for (var start = 0; start < distinct.Count; start += _settings.GetBatchSize)
            {
                var batch = distinct.GetRange(start, Math.Min(_settings.GetBatchSize, distinct.Count - start));
                foreach (var pair in await FindByResourceNamesAsync(batch, cancellationToken).ConfigureAwait(false))
                {
                    byName[pair.Key] = pair.Value;
                }
            }

            return InAskedOrder(names, byName);
        }

        /// <summary>Changes exactly the fields set in <paramref name="patch"/> and returns the updated data source.</summary>
        public async Task<DataSource> UpdateAsync(string id, DataSourcePatch patch, CancellationToken cancellationToken)
        {
            CheckId(id, "An id");
            if (patch == null)
            {
                throw new ArgumentNullException(nameof(patch));
            }

            if (patch.IsEmpty)
            {
                throw new ArgumentException("The patch sets no field: there is nothing to update.", nameof(patch));
            }

            var response = await _transport
                .SendAsync(_requests.Patch(id, patch), _session, ResponseReaders.DataSourceObject, cancellationToken)
                .ConfigureAwait(false);
            return response.Data;
        }

        /// <summary>Gets one page of a filter: <paramref name="limit"/> (1 to 10,000) matches after the first <paramref name="skip"/>.</summary>
        public async Task<FilterPage> GetFilterPageAsync(FilterQuery query, long skip, int limit, CancellationToken cancellationToken)
        {
            if (query == null)
            {
                throw new ArgumentNullException(nameof(query));
            }

            if (skip < 0 || skip > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(skip), skip, "Skip must be between 0 and 2,147,483,647.");
            }

            if (limit < 1 || limit > DataSourceConnectionSettings.MaxPageSize)
            {
                throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be between 1 and 10,000.");
            }

            var request = _requests.Filter(query, skip, limit);
            var response = await _transport
                .SendAsync(request, _session, ResponseReaders.DataSourceList, cancellationToken)
                .ConfigureAwait(false);
            var pageInfo = response.PageInfo ?? throw new DataSourceApiException(
                ApiErrorKind.InvalidResponse,
                $"The server answered {response.Status} to {request.Describe()} without the 'pageInfo' a filter answer carries.",
                response.Status,
                method: request.Method,
                route: request.Route);
            return new FilterPage(response.Data, skip, limit, pageInfo.TotalCount);
        }

        /// <summary>
        /// Lists the matches lazily: the next two pages are requested once enumeration is half way
        /// through the current one, and never more rows than <see cref="FilterOptions.First"/> needs.
        /// Stopping the enumeration stops the requests, and cancels those read ahead.
        /// </summary>
        public IEnumerable<DataSource> Filter(FilterQuery query, FilterOptions options, CancellationToken cancellationToken)
        {
            if (query == null)
            {
                throw new ArgumentNullException(nameof(query));
            }

            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            return EnumerateFilter(query, options.Skip, options.First, options.PageSize ?? _settings.PageSize, options.OnPage, cancellationToken);
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _transport.Dispose();
            _session.Dispose();
        }

        private static void CheckAddress(DataSourceConnectionSettings settings)
        {
            var uri = settings.BaseUri;
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new DataSourceInputException($"The address '{uri}' must be an absolute http:// or https:// URI.");
            }

            if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback && !settings.AllowUnencryptedAuthentication)
            {
                throw new DataSourceInputException(
                    $"Refusing to send credentials over unencrypted http:// to '{uri.Host}', which is not this machine. "
                    + "Use https://, or allow unencrypted authentication explicitly.");
            }
        }

        // Each key once, in the order first asked: a key asked twice is sent once.
        private static List<string> Distinct(IReadOnlyList<string> keys)
        {
            var distinct = new List<string>(keys.Count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (seen.Add(key))
                {
                    distinct.Add(key);
                }
            }

            return distinct;
        }

        // The data sources found, in the order their keys were asked (one asked twice appears twice), and the keys not found.
        private static GetManyResult InAskedOrder(IReadOnlyList<string> asked, Dictionary<string, DataSource> byKey)
        {
            var found = new List<DataSource>(asked.Count);
            var notFound = new List<string>();
            foreach (var key in asked)
            {
                if (byKey.TryGetValue(key, out var source))
                {
                    found.Add(source);
                }
                else
                {
                    notFound.Add(key);
                }
            }

            return new GetManyResult(found, notFound);
        }

        private static void CheckId(string id, string which)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new DataSourceInputException(which + " cannot be null, empty or white space.");
            }
        }

        private IEnumerable<DataSource> EnumerateFilter(
            FilterQuery query, long skip, long? first, int pageSize, Action<FilterProgress>? onPage, CancellationToken cancellationToken)
        {
            if (first == 0)
            {
                yield break;
            }

            // Cancelled when the enumeration ends early, so that pages read ahead are not waited for.
            using (var readAhead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var ahead = new Queue<Task<FilterPage>>();
                var remaining = first;
                long read = 0;

                // Where the next page to ask for starts, and how many rows may still be asked for.
                var askSkip = skip;
                var askRemaining = first;
                Task<FilterPage> Ask()
                {
                    var limit = PageLimit(pageSize, askRemaining);
                    var pageSkip = askSkip;
                    askSkip += limit;
                    askRemaining -= limit;

                    // On the thread pool, so that reading the answer never takes the consumer's thread.
                    return Task.Run(() => GetFilterPageAsync(query, pageSkip, limit, readAhead.Token), readAhead.Token);
                }

                ahead.Enqueue(Ask());
                try
                {
                    while (ahead.Count > 0)
                    {
                        var page = ahead.Dequeue().GetAwaiter().GetResult();
                        read += page.Items.Count;
                        onPage?.Invoke(new FilterProgress(read, page.TotalCount));
                        if (page.Items.Count == 0)
                        {
                            yield break;
                        }

                        // Once half of this page has been taken, the next pages are asked for (up to
                        // ReadAheadPages in flight), so that the server builds one while another is read;
                        // a consumer that stops early (Select-Object -First 3) never causes them.
                        var readAheadAt = page.Items.Count / 2;
                        for (var index = 0; index < page.Items.Count; index++)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            if (index == readAheadAt)
                            {
                                while (ahead.Count < ReadAheadPages && askSkip < page.TotalCount && (askRemaining == null || askRemaining > 0))
                                {
                                    ahead.Enqueue(Ask());
                                }
                            }

                            yield return page.Items[index];
                            if (remaining.HasValue && --remaining == 0)
                            {
                                yield break;
                            }
                        }
                    }
                }
                finally
                {
                    CancelAll(ahead, readAhead);
                }
            }
        }

        // Pages asked for ahead of the one being read: two keep the server building one page while
        // the client reads another.
        private const int ReadAheadPages = 2;

        private static void CancelAll(Queue<Task<FilterPage>> ahead, CancellationTokenSource readAhead)
        {
            if (ahead.Count == 0)
            {
                return;
            }

            readAhead.Cancel();
            while (ahead.Count > 0)
            {
                // Their outcome no longer matters; observe it, so that a failure is not left unobserved.
                ahead.Dequeue().ContinueWith(abandoned => abandoned.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        private static int PageLimit(int pageSize, long? remaining) =>
            remaining.HasValue ? (int)Math.Min(pageSize, remaining.Value) : pageSize;

        /// <summary>The data sources with exactly these resource names, by name (filter pages through every match).</summary>
        private async Task<Dictionary<string, DataSource>> FindByResourceNamesAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
        {
            var wanted = new HashSet<string>(names, StringComparer.Ordinal);
            var found = new Dictionary<string, DataSource>(StringComparer.Ordinal);
            var query = new FilterQuery(resourceNames: wanted);
            long skip = 0;
            while (true)
            {
                var page = await GetFilterPageAsync(query, skip, DataSourceConnectionSettings.MaxPageSize, cancellationToken).ConfigureAwait(false);
                foreach (var source in page.Items)
                {
                    if (source.ResourceName != null && wanted.Contains(source.ResourceName) && !found.ContainsKey(source.ResourceName))
                    {
                        found.Add(source.ResourceName, source);
                    }
                }

                skip += page.Items.Count;
                if (page.Items.Count == 0 || skip >= page.TotalCount)
                {
                    return found;
                }
            }
        }
    }
}
