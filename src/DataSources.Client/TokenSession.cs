using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;

namespace DataSources.Client
{
    /// <summary>
    /// The bearer token of a connection: from a <see cref="TokenCredential"/> as given, or from logging
    /// in with a <see cref="PasswordCredential"/>, again shortly before it expires or when it is refused.
    /// </summary>
    internal sealed class TokenSession : IDisposable
    {
        private readonly DataSourceCredential _credential;
        private readonly ApiTransport _transport;
        private readonly ApiRequestFactory _requests;
        private readonly SemaphoreSlim _loginGate = new SemaphoreSlim(1, 1);
        private AccessToken? _current;

        public TokenSession(DataSourceCredential credential, ApiTransport transport, ApiRequestFactory requests)
        {
            _credential = credential;
            _transport = transport;
            _requests = requests;
            if (credential is TokenCredential token)
            {
                _current = AccessToken.Parse(SecretText.Reveal(token.Token));
            }
        }

        public AccessToken? Current => Volatile.Read(ref _current);

        public bool CanRenew => _credential is PasswordCredential;

        public string? UserName => Current?.UserName ?? (_credential as PasswordCredential)?.UserName;

        /// <summary>A token good to send now: logs in first when there is none or it is about to expire.</summary>
        public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
        {
            var current = Current;
            if (!(_credential is PasswordCredential))
            {
                return current!.ExpiresWithin(TimeSpan.Zero) ? throw Expired(current) : current.Value;
            }

            if (current != null && !current.NeedsRenewal)
            {
                return current.Value;
            }

            return (await LogInAsync(current?.Value, cancellationToken).ConfigureAwait(false)).Value;
        }

        /// <summary>Logs in again after <paramref name="refusedToken"/> was refused, unless another call already did.</summary>
        public Task RenewAsync(string refusedToken, CancellationToken cancellationToken) => LogInAsync(refusedToken, cancellationToken);

        /// <summary>Logs in now (password), or checks the token has not expired (token).</summary>
        public Task ConnectAsync(CancellationToken cancellationToken)
        {
            if (_credential is PasswordCredential)
            {
                return LogInAsync(Current?.Value ?? string.Empty, cancellationToken, force: true);
            }

            var current = Current!;
            return current.ExpiresWithin(TimeSpan.Zero) ? throw Expired(current) : Task.CompletedTask;
        }

        /// <summary>The error for a 401 that logging in again cannot or did not cure.</summary>
        public DataSourceApiException Refused(DataSourceApiException refusal, bool afterLogin)
        {
            var current = Current;
            string message;
            if (afterLogin)
            {
                message = $"The server refused the token it had just issued to '{UserName}': {refusal.Message}";
            }
            else if (current?.ExpiresAt is DateTimeOffset expiry && expiry <= DateTimeOffset.UtcNow)
            {
                message = ExpiredMessage(expiry);
            }
            else
            {
                message = $"The server refused the access token: {refusal.Message} Run Connect-DataSourceService again with a valid token.";
            }

            return new DataSourceApiException(
                ApiErrorKind.Authentication, message, refusal.StatusCode, refusal.ServerMessage, refusal.Method, refusal.Route, innerException: refusal);
        }

        public void Dispose() => _loginGate.Dispose();

        private static string ExpiredMessage(DateTimeOffset expiry) =>
            "The access token expired at "
            + expiry.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            + ". Run Connect-DataSourceService again with a new token.";

        private static DataSourceApiException Expired(AccessToken token) =>
            new DataSourceApiException(ApiErrorKind.Authentication, ExpiredMessage(token.ExpiresAt!.Value));

        private async Task<AccessToken> LogInAsync(string? staleToken, CancellationToken cancellationToken, bool force = false)
        {
            await _loginGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Parallel calls that all saw the old token log in once: the first does, the rest reuse it.
                var current = Current;
                if (!force && current != null && current.Value != staleToken && !current.NeedsRenewal)
                {
                    return current;
                }

                var fresh = await RequestTokenAsync((PasswordCredential)_credential, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _current, fresh);
                return fresh;
            }
            finally
            {
                _loginGate.Release();
            }
        }

        private async Task<AccessToken> RequestTokenAsync(PasswordCredential credential, CancellationToken cancellationToken)
        {
            var request = _requests.Login(credential.UserName, SecretText.Reveal(credential.Password));
            try
            {
                var response = await _transport.SendAsync(request, null, ReadAccessToken, cancellationToken).ConfigureAwait(false);
                return AccessToken.Parse(response.Data);
            }
            catch (DataSourceApiException refusal) when (refusal.Kind == ApiErrorKind.Authentication)
            {
                throw new DataSourceApiException(
                    ApiErrorKind.Authentication,
                    $"The server refused the login of user '{credential.UserName}': {refusal.Message}",
                    refusal.StatusCode,
                    refusal.ServerMessage,
                    refusal.Method,
                    refusal.Route,
                    innerException: refusal);
            }
        }

        private static string ReadAccessToken(JsonReader reader)
        {
            if (PlainJson.ReadValue(reader) is System.Collections.Generic.Dictionary<string, object?> data
                && data.TryGetValue("accessToken", out var token) && token is string value && value.Length > 0)
            {
                return value;
            }

            throw new System.IO.InvalidDataException("has no 'data.accessToken'");
        }
    }
}
