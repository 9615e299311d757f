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
        private readonly DataSourceConnectionSettings _settings;

        /// <summary>Creates a client; nothing is sent until the first call.</summary>
        /// <exception cref="ArgumentException">
        /// The address is not http or https, or it is http:// to a host that is not loopback and
        /// <see cref="DataSourceConnectionSettings.AllowUnencryptedAuthentication"/> is off.
        /// </exception>
        public DataSourceClient(DataSourceConnectionSettings settings, DataSourceCredential credential, IRequestLog? log = null)
        {
            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            _settings = settings.Clone();
            Credential = credential ?? throw new ArgumentNullException(nameof(credential));
            _ = log;
        }

        /// <summary>A copy of the settings this client was made with; changing it changes nothing.</summary>
        public DataSourceConnectionSettings Settings => _settings.Clone();

        /// <summary>The user: from the token once known, else the user name of a password credential.</summary>
        public string? UserName => throw new NotImplementedException();

        /// <summary>When the current token expires (its <c>exp</c>), or null when unknown.</summary>
        public DateTimeOffset? TokenExpiresAt => throw new NotImplementedException();

        /// <summary>The realm roles in the current token (e.g. <c>Admin</c>, <c>Business_User</c>).</summary>
        public IReadOnlyList<string> Roles => throw new NotImplementedException();

        private DataSourceCredential Credential { get; }

        /// <summary>
        /// Logs in (password) or checks the token with one cheap call (token), so a bad address,
        /// password or token fails here rather than on the first real call.
        /// </summary>
        public Task ConnectAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

        /// <summary>Creates data sources, one request per <see cref="DataSourceConnectionSettings.CreateBatchSize"/> items.</summary>
        public Task<CreateResult> CreateAsync(IReadOnlyList<DataSourceCreateRequest> items, CancellationToken cancellationToken) =>
            throw new NotImplementedException();

        /// <summary>Gets one data source; a missing one is a <see cref="ApiErrorKind.NotFound"/> failure.</summary>
        public Task<DataSource> GetAsync(string id, CancellationToken cancellationToken) => throw new NotImplementedException();

        /// <summary>Gets many by id, one request per <see cref="DataSourceConnectionSettings.GetBatchSize"/> ids.</summary>
        public Task<GetManyResult> GetManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
            throw new NotImplementedException();

        /// <summary>Changes exactly the fields set in <paramref name="patch"/>.</summary>
        public Task<DataSource> UpdateAsync(string id, DataSourcePatch patch, CancellationToken cancellationToken) =>
            throw new NotImplementedException();

        /// <summary>Gets one page of a filter.</summary>
        public Task<FilterPage> GetFilterPageAsync(FilterQuery query, long skip, int limit, CancellationToken cancellationToken) =>
            throw new NotImplementedException();

        /// <summary>
        /// Lists the matches lazily: the next page is requested only when enumeration goes past the
        /// current one, and never more rows than <see cref="FilterOptions.First"/> needs.
        /// </summary>
        public IEnumerable<DataSource> Filter(FilterQuery query, FilterOptions options, CancellationToken cancellationToken) =>
            throw new NotImplementedException();

        /// <inheritdoc />
        public void Dispose()
        {
        }
    }
}
