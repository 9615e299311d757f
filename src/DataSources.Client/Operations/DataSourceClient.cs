using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>
/// A connection to the Data Sources API: login and token renewal, HTTP with retries, batching,
/// paging and the error model. Thread-safe; one instance per connection, reused for every call.
/// </summary>
internal sealed class DataSourceClient : IDisposable
{
    // An id no data source has: a by-ids call with it proves address and token cost nothing.
    private const string ProbeId = "000000000000000000000000";

    private readonly DataSourceConnectionSettings _settings;
    private readonly RetryPolicy _retry;
    private readonly ApiTransport _transport;
    private readonly TokenSession _session;
    private readonly SemaphoreSlim _versionGate = new SemaphoreSlim(1, 1);

    // The routes of the API version in use: the one given, or the one found on first use.
    private ApiRequestFactory? _requests;

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
        if (_settings.ApiVersion != null)
        {
            _requests = new ApiRequestFactory(_settings.ApiVersion);
        }

        _retry = new RetryPolicy(_settings);
        _transport = new ApiTransport(new HttpExchange(_settings, log), _retry, log);
        _session = new TokenSession(credential, _transport, _settings.ApiVersion);
    }

    /// <summary>A copy of the settings this client was made with; changing it changes nothing.</summary>
    public DataSourceConnectionSettings Settings => _settings.Clone();

    /// <summary>The API version in use: the one given, else the one found on connecting; null before that.</summary>
    public string? ApiVersion => Volatile.Read(ref _requests)?.Version;

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
        var known = Volatile.Read(ref _requests);
        if (known == null)
        {
            // Finding the version proves the token too.
            await RequestsAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (!_session.CanRenew)
        {
            await ProbeAsync(known, cancellationToken).ConfigureAwait(false);
        }
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

        return CreateAllAsync(items, cancellationToken);
    }

    /// <summary>
    /// Gets one data source. A missing one is a <see cref="ApiErrorKind.NotFound"/> failure, whichever
    /// of the plausible answers the server gives for it: 404, 400, 500 "Cast to ObjectId failed" for an
    /// id that is not an ObjectId, or 200 with <c>data: null</c>.
    /// </summary>
    public async Task<DataSource> GetAsync(string id, CancellationToken cancellationToken)
    {
        CheckId(id, "An id");
        var request = (await RequestsAsync(cancellationToken).ConfigureAwait(false)).Get(id);
        DataSourceApiException failure;
        try
        {
            var response = await _transport.SendAsync(request, _session, ResponseReaders.DataSourceOrNone, cancellationToken).ConfigureAwait(false);
            return response.Data ?? throw NoSuchId(id, null);
        }
        catch (DataSourceApiException failed) when (failed.Kind != ApiErrorKind.NotFound && (failed.StatusCode == 400 || failed.StatusCode == 500))
        {
            failure = failed;
        }

        // A GET carries nothing but the id: a 400 or a cast error can only be about the id, and some
        // servers fail with a plain 500 on an id they do not have, which a look-up tells apart.
        if (failure.StatusCode == 400 || SaysNotAnObjectId(failure) || await IsMissingAsync(id, cancellationToken).ConfigureAwait(false))
        {
            throw NoSuchId(id, failure);
        }

        throw failure;
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

        var requests = await RequestsAsync(cancellationToken).ConfigureAwait(false);
        var distinct = Distinct(ids);
        var byId = new Dictionary<string, DataSource>(distinct.Count, StringComparer.Ordinal);

        // An id that is not an ObjectId would make a real server fail the whole batch (500, "Cast to
        // ObjectId failed"), so it is asked for on its own; the rest go in batches.
        var wellFormed = new List<string>(distinct.Count);
        foreach (var id in distinct)
        {
            if (IsObjectId(id))
            {
                wellFormed.Add(id);
            }
            else if (!ApiRequestFactory.IsDotSegment(id))
            {
                await GetOneIntoAsync(id, byId, cancellationToken).ConfigureAwait(false);
            }

            // "." and ".." cannot go in a path, and are no ObjectId: no data source has them.
        }

        for (var start = 0; start < wellFormed.Count; start += _settings.GetBatchSize)
        {
            var count = Math.Min(_settings.GetBatchSize, wellFormed.Count - start);
            await GetBatchIntoAsync(requests, wellFormed.GetRange(start, count), byId, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Changes exactly the fields set in <paramref name="patch"/> and returns the updated data source.
    /// A missing one is a <see cref="ApiErrorKind.NotFound"/> failure whichever plausible answer the
    /// server gives for it (see <see cref="GetAsync"/>); a 400 or 500 is told apart from a refused body by a look-up.
    /// </summary>
    public async Task<DataSource> UpdateAsync(string id, DataSourcePatch patch, CancellationToken cancellationToken) =>
        (DataSource)await UpdateAsync(id, patch, ResponseReaders.DataSourceOrNone, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Changes the fields as <see cref="UpdateAsync(string, DataSourcePatch, CancellationToken)"/> does, and
    /// checks that the answer holds the data source without reading it into one: for callers that do
    /// not show it (Set-DataSource without -PassThru), which would otherwise pay for every field of every answer.
    /// </summary>
    public Task UpdateUnreadAsync(string id, DataSourcePatch patch, CancellationToken cancellationToken) =>
        UpdateAsync(id, patch, ResponseReaders.SkippedObjectOrNone, cancellationToken);

    private async Task<object> UpdateAsync(string id, DataSourcePatch patch, Func<JsonReader, object?> readAnswer, CancellationToken cancellationToken)
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

        var request = (await RequestsAsync(cancellationToken).ConfigureAwait(false)).Patch(id, patch);
        DataSourceApiException failure;
        try
        {
            var response = await _transport.SendAsync(request, _session, readAnswer, cancellationToken).ConfigureAwait(false);
            return response.Data ?? throw NoSuchId(id, null);
        }
        catch (DataSourceApiException failed) when (failed.Kind != ApiErrorKind.NotFound && (failed.StatusCode == 400 || failed.StatusCode == 500) && failed.ItemFailures.Count == 0)
        {
            failure = failed;
        }

        // A server that answers 400 (or a plain 500) for an unknown id answers it for a bad body too: a
        // look-up tells which. The error is the PATCH's, scrubbed of the secrets the PATCH carried.
        if (SaysNotAnObjectId(failure) || await IsMissingAsync(id, cancellationToken).ConfigureAwait(false))
        {
            throw NoSuchId(id, failure);
        }

        throw failure;
    }

    /// <summary>Gets one page of a filter: <paramref name="limit"/> (1 to 10,000) matches after the first <paramref name="skip"/>.</summary>
    public async Task<FilterPage> GetFilterPageAsync(FilterQuery query, long skip, int limit, CancellationToken cancellationToken)
    {
        if (query == null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        // The checks of a listing's skip and page size, for a caller that asks for one page itself.
        FilterOptions.CheckSkip(skip, nameof(skip));
        DataSourceConnectionSettings.CheckSize(limit, nameof(limit));
        return await ReadFilterPageAsync(query, skip, limit, cancellationToken).ConfigureAwait(false);
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

        return EnumerateFilter(query, options.Skip, options.First, PageSizeOf(options), options.OnPage, cancellationToken);
    }

    /// <summary>The rows per request a listing with these options asks for.</summary>
    internal int PageSizeOf(FilterOptions options) => options.PageSize ?? _settings.PageSize;

    // A page whose skip and limit come from checked options, or are the client's own.
    private async Task<FilterPage> ReadFilterPageAsync(FilterQuery query, long skip, int limit, CancellationToken cancellationToken)
    {
        var request = (await RequestsAsync(cancellationToken).ConfigureAwait(false)).Filter(query, skip, limit);
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
    /// One by-ids request. Should the server still refuse it for an id it cannot read (400, or a cast
    /// error), the batch is halved until that id stands alone, so that it costs only itself.
    /// </summary>
    private async Task GetBatchIntoAsync(ApiRequestFactory requests, List<string> ids, Dictionary<string, DataSource> byId, CancellationToken cancellationToken)
    {
        if (ids.Count == 1)
        {
            await GetOneIntoAsync(ids[0], byId, cancellationToken).ConfigureAwait(false);
            return;
        }

        IReadOnlyList<DataSource> sources;
        try
        {
            sources = (await _transport.SendAsync(requests.ByIds(ids, 0, ids.Count), _session, ResponseReaders.DataSourceList, cancellationToken).ConfigureAwait(false)).Data;
        }
        catch (DataSourceApiException refused) when (refused.StatusCode == 400 || SaysNotAnObjectId(refused))
        {
            var half = ids.Count / 2;
            await GetBatchIntoAsync(requests, ids.GetRange(0, half), byId, cancellationToken).ConfigureAwait(false);
            await GetBatchIntoAsync(requests, ids.GetRange(half, ids.Count - half), byId, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var source in sources)
        {
            if (source.Id != null)
            {
                byId[source.Id] = source;
            }
        }
    }

    /// <summary>
    /// Whether the server has no data source with this id, asked in the one way that never fails for an
    /// id it does not have: by-ids, which leaves unknown ids out (or, for an id that is not an
    /// ObjectId, fails with the cast error). Any other failure of the look-up says nothing: false.
    /// </summary>
    private async Task<bool> IsMissingAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var requests = await RequestsAsync(cancellationToken).ConfigureAwait(false);
            var answer = await _transport.SendAsync(requests.ByIds(new[] { id }, 0, 1), _session, ResponseReaders.DataSourceList, cancellationToken).ConfigureAwait(false);
            return answer.Data.Count == 0;
        }
        catch (DataSourceApiException failed)
        {
            return SaysNotAnObjectId(failed);
        }
    }

    private async Task GetOneIntoAsync(string id, Dictionary<string, DataSource> byId, CancellationToken cancellationToken)
    {
        try
        {
            byId[id] = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (DataSourceApiException missing) when (missing.Kind == ApiErrorKind.NotFound)
        {
            // Left out of the found ones: the caller reports it as not found.
        }
    }

    /// <summary>Whether an id has the form of the ids a catalog gives: 24 hexadecimal characters, a MongoDB ObjectId ([field]).</summary>
    internal static bool IsObjectId(string id)
    {
        if (id.Length != 24)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            {
                return false;
            }
        }

        return true;
    }

    // [field] what a Mongoose server answers where a value that is not an ObjectId meets _id.
    private static bool SaysNotAnObjectId(DataSourceApiException refused) =>
        refused.StatusCode == 500 && ResponseParser.Flatten(refused.ServerMessage).IndexOf("Cast to ObjectId failed", StringComparison.OrdinalIgnoreCase) >= 0;

    private static DataSourceApiException NoSuchId(string id, DataSourceApiException? answer) =>
        new DataSourceApiException(
            ApiErrorKind.NotFound,
            answer == null
                ? $"There is no data source with id '{id}'."
                : $"There is no data source with id '{id}'. The server answered: {answer.Message}",
            answer?.StatusCode,
            answer?.ServerMessage,
            answer?.Method,
            answer?.Route,
            innerException: answer);

    /// <inheritdoc />
    public void Dispose()
    {
        _transport.Dispose();
        _session.Dispose();
        _versionGate.Dispose();
    }

    private async Task<CreateResult> CreateAllAsync(IReadOnlyList<DataSourceCreateRequest> items, CancellationToken cancellationToken)
    {
        var requests = await RequestsAsync(cancellationToken).ConfigureAwait(false);
        return await new CreateOperation(items, _transport, _retry, _settings.CreateBatchSize, _session, requests, FindByResourceNamesAsync).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The routes of the version in use, finding the version on first use when none was given.</summary>
    private async Task<ApiRequestFactory> RequestsAsync(CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref _requests);
        if (known != null)
        {
            return known;
        }

        await _versionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            known = _requests ?? await FindVersionAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _requests, known);
            return known;
        }
        finally
        {
            _versionGate.Release();
        }
    }

    /// <summary>
    /// The newest version the server serves: a probe of v3, one request beyond the login; when v3
    /// has no such route, a probe of v2, then of v1, so that a server that serves none of the
    /// versions fails the connect rather than the first real call. With a token (no login to prove
    /// it) the probe proves the token on the way.
    /// </summary>
    private async Task<ApiRequestFactory> FindVersionAsync(CancellationToken cancellationToken)
    {
        if (_session.CanRenew)
        {
            if (_session.Current == null)
            {
                await _session.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_session.LoggedInThroughVersion != null)
            {
                // Its /auth answered: that version is served, no probe needed.
                return new ApiRequestFactory(_session.LoggedInThroughVersion);
            }
        }

        var versions = DataSourceConnectionSettings.KnownApiVersions;
        for (var i = 0; i < versions.Length; i++)
        {
            var candidate = new ApiRequestFactory(versions[i]);
            try
            {
                await ProbeAsync(candidate, cancellationToken).ConfigureAwait(false);
                return candidate;
            }
            catch (DataSourceApiException missing) when (missing.StatusCode == 404)
            {
                // by-ids never answers 404 for a missing source: the route is not there.
                if (i == versions.Length - 1)
                {
                    throw new DataSourceApiException(
                        ApiErrorKind.InvalidResponse,
                        $"The server at {_settings.BaseUri} serves none of the API versions {string.Join(", ", versions)}: check that the address is the server's root.",
                        missing.StatusCode,
                        missing.ServerMessage,
                        missing.Method,
                        missing.Route,
                        innerException: missing);
                }
            }
        }

        throw new InvalidOperationException("Unreachable: the last version either answers or throws.");
    }

    private Task ProbeAsync(ApiRequestFactory requests, CancellationToken cancellationToken) =>
        _transport.SendAsync(requests.ByIds(new[] { ProbeId }, 0, 1), _session, ResponseReaders.DataSourceList, cancellationToken);

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

    /// <summary>The listing of <see cref="Filter"/>, for values already checked (a <see cref="FilterOptions"/>'s).</summary>
    internal IEnumerable<DataSource> EnumerateFilter(
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
                return Task.Run(() => ReadFilterPageAsync(query, pageSkip, limit, readAhead.Token), readAhead.Token);
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
    private Task<Dictionary<string, DataSource>> FindByResourceNamesAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken) =>
        FindByResourceNamesAsync(names, inAnyCase: false, cancellationToken);

    /// <summary>
    /// The data sources of these exact names; with <paramref name="inAnyCase"/>, a name none has
    /// exactly maps to the one source whose name differs from it only in case, if there is one: for
    /// a create the server refused as a duplicate, which says the server takes the two for one name.
    /// </summary>
    private async Task<Dictionary<string, DataSource>> FindByResourceNamesAsync(IReadOnlyCollection<string> names, bool inAnyCase, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<string>(names, StringComparer.Ordinal);
        var found = new Dictionary<string, DataSource>(StringComparer.Ordinal);
        var otherCase = new Dictionary<string, List<DataSource>>(StringComparer.OrdinalIgnoreCase);
        var query = new FilterQuery(resourceNames: wanted);
        long skip = 0;
        while (true)
        {
            var page = await ReadFilterPageAsync(query, skip, DataSourceConnectionSettings.MaxItemsPerRequest, cancellationToken).ConfigureAwait(false);
            foreach (var source in page.Items)
            {
                if (source.ResourceName == null)
                {
                    continue;
                }

                if (wanted.Contains(source.ResourceName))
                {
                    if (!found.ContainsKey(source.ResourceName))
                    {
                        found.Add(source.ResourceName, source);
                    }
                }
                else if (inAnyCase)
                {
                    if (!otherCase.TryGetValue(source.ResourceName, out var sources))
                    {
                        otherCase.Add(source.ResourceName, sources = new List<DataSource>());
                    }

                    sources.Add(source);
                }
            }

            skip += page.Items.Count;
            if (page.Items.Count == 0 || skip >= page.TotalCount)
            {
                foreach (var name in wanted)
                {
                    if (!found.ContainsKey(name) && otherCase.TryGetValue(name, out var sources) && sources.Count == 1)
                    {
                        found.Add(name, sources[0]);
                    }
                }

                return found;
            }
        }
    }
}
