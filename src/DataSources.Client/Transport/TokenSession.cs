using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>
/// The bearer token of a connection: from a <see cref="TokenCredential"/> as given, or from logging
/// in with a <see cref="PasswordCredential"/>, again shortly before it expires or when it is refused.
/// A login goes to Keycloak's token endpoint first and falls back to the API's /auth wrapper, as
/// some servers expose only one of them; renewals go the way that worked.
/// </summary>
internal sealed class TokenSession : IAccessTokens, IDisposable
{
    private readonly DataSourceCredential _credential;
    private readonly ApiTransport _transport;
    private readonly string? _apiVersion;
    private readonly SemaphoreSlim _loginGate = new SemaphoreSlim(1, 1);
    private AccessToken? _current;

    // Logins finished (under the gate), and the error of the last one if it failed: a call that
    // waited at the gate while a login ran and failed gets that error rather than trying once more.
    private int _loginsDone;
    private DataSourceApiException? _lastLoginFailure;

    // After an early renewal failed, the token still good: not before then (UTC ticks) is it tried again.
    private static readonly TimeSpan EarlyRenewalRetryDelay = TimeSpan.FromSeconds(5);
    private long _earlyRenewalRetryTicks;

    // How the last login succeeded: null until the first, then Keycloak's endpoint or one version's /auth.
    private Func<string, string, ApiRequest>? _loginRequest;

    /// <param name="apiVersion">The API version to log in with through /auth; null to try each, newest first.</param>
    public TokenSession(DataSourceCredential credential, ApiTransport transport, string? apiVersion)
    {
        _credential = credential;
        _transport = transport;
        _apiVersion = apiVersion;
        if (credential is TokenCredential token)
        {
            _current = AccessToken.Parse(SecretText.Reveal(token.Token));
        }
    }

    public AccessToken? Current => Volatile.Read(ref _current);

    public bool CanRenew => _credential is PasswordCredential;

    public string? UserName => Current?.UserName ?? (_credential as PasswordCredential)?.UserName;

    /// <summary>
    /// The API version whose /auth logged in, when the version was not given and Keycloak's endpoint
    /// did not answer: the server serves that version. Null otherwise.
    /// </summary>
    public string? LoggedInThroughVersion { get; private set; }

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

        // Renewing early, the token still good: a login server that fails now must not stop the
        // command while the token works. It is tried again a little later; only a renewal once
        // the token has expired must succeed.
        var early = current != null && !current.ExpiresWithin(TimeSpan.Zero);
        if (early && DateTimeOffset.UtcNow.UtcTicks < Volatile.Read(ref _earlyRenewalRetryTicks))
        {
            return current!.Value;
        }

        try
        {
            return (await LogInAsync(current?.Value, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (DataSourceApiException) when (early && !current!.ExpiresWithin(TimeSpan.Zero))
        {
            Volatile.Write(ref _earlyRenewalRetryTicks, (DateTimeOffset.UtcNow + EarlyRenewalRetryDelay).UtcTicks);
            return current.Value;
        }
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

    /// <summary>The error for a refusal of the token (401, a login page) that logging in again cannot or did not cure.</summary>
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
            message = "The server refused the access token: " + SentenceText.Then(refusal.Message, "Run Connect-DataSourceService again with a valid token.");
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
        var loginsSeen = Volatile.Read(ref _loginsDone);
        await _loginGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Parallel calls that all saw the old token log in once: the first does, the rest reuse
            // it, or its failure: the requests in flight must not each log in again (5 attempts each).
            var current = Current;
            if (!force && current != null && current.Value != staleToken && !current.NeedsRenewal)
            {
                return current;
            }

            if (!force && _loginsDone != loginsSeen && _lastLoginFailure is { } failed)
            {
                // Each waiter its own exception: one object thrown on several threads shares a stack trace.
                throw new DataSourceApiException(failed.Kind, failed.Message, failed.StatusCode, failed.ServerMessage, failed.Method, failed.Route, failed.ItemFailures, failed)
                {
                    NeverReachedServer = failed.NeverReachedServer,
                    ServerCode = failed.ServerCode,
                };
            }

            _lastLoginFailure = null;
            var credential = (PasswordCredential)_credential;
            AccessToken fresh;
            try
            {
                fresh = _loginRequest != null
                    ? await RequestTokenAsync(_loginRequest, credential, cancellationToken).ConfigureAwait(false)
                    : await FirstLogInAsync(credential, cancellationToken).ConfigureAwait(false);
            }
            catch (DataSourceApiException failure) when (!force)
            {
                _lastLoginFailure = current == null ? failure : RenewalFailure(failure, credential);
                throw _lastLoginFailure;
            }
            finally
            {
                Volatile.Write(ref _loginsDone, _loginsDone + 1);
            }

            Volatile.Write(ref _current, fresh);
            return fresh;
        }
        finally
        {
            ReleaseGate();
        }
    }

    // A connection closed (Disconnect-DataSourceService, from another runspace) while a login ran
    // has disposed the gate: the login's own outcome is what the caller must see, not that.
    private void ReleaseGate()
    {
        try
        {
            _loginGate.Release();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    // A renewal the login server answered with an error (a 503 through every retry, a route gone):
    // without a token no request of the command can succeed, so it is an authentication failure,
    // which ends the command, and says that it was logging in again that failed. Its status is not
    // the request's: a caller that tells an unknown id by a 400 or a 500 must not read the login's.
    // A server that cannot be reached at all stays as it is, for the command to stop on that.
    private static DataSourceApiException RenewalFailure(DataSourceApiException failure, PasswordCredential credential) =>
        failure.Kind == ApiErrorKind.Authentication || failure.NeverReachedServer
            ? failure
            : new DataSourceApiException(
                ApiErrorKind.Authentication,
                $"Logging in again as '{credential.UserName}' to renew the access token failed, so no request can be sent: {failure.Message}",
                statusCode: null,
                failure.ServerMessage,
                failure.Method,
                failure.Route,
                innerException: failure);

    // Keycloak first, as the public clients tested against real servers do; then /auth, which some
    // instances do not expose (and Keycloak is not exposed everywhere either).
    private async Task<AccessToken> FirstLogInAsync(PasswordCredential credential, CancellationToken cancellationToken)
    {
        DataSourceApiException keycloakFailure;
        try
        {
            var token = await RequestTokenAsync(ApiRequestFactory.KeycloakLogin, credential, cancellationToken).ConfigureAwait(false);
            _loginRequest = ApiRequestFactory.KeycloakLogin;
            return token;
        }
        catch (DataSourceApiException failure) when (MayLogInElsewhere(failure))
        {
            keycloakFailure = failure;
        }

        var versions = _apiVersion != null ? new[] { _apiVersion } : DataSourceConnectionSettings.KnownApiVersions;
        for (var i = 0; i < versions.Length; i++)
        {
            Func<string, string, ApiRequest> login = new ApiRequestFactory(versions[i]).Login;
            try
            {
                var token = await RequestTokenAsync(login, credential, cancellationToken).ConfigureAwait(false);
                _loginRequest = login;
                LoggedInThroughVersion = _apiVersion == null ? versions[i] : null;
                return token;
            }
            catch (DataSourceApiException failure) when (failure.StatusCode == 404)
            {
                if (i == versions.Length - 1)
                {
                    // Nothing at any of the login routes is more likely a wrong address than a server without logins.
                    throw new DataSourceApiException(
                        keycloakFailure.StatusCode == 404 ? ApiErrorKind.InvalidResponse : ApiErrorKind.Authentication,
                        $"Found no way to log in at this address: Keycloak's token endpoint failed ({keycloakFailure.Message}) and there is no /auth route for API {string.Join(", ", versions)}. Check that the address is the server's root, or connect with -Token.",
                        failure.StatusCode,
                        failure.ServerMessage,
                        failure.Method,
                        failure.Route,
                        innerException: failure);
                }
            }
        }

        throw new InvalidOperationException("Unreachable: the last version either logs in or throws.");
    }

    // Anything but a verdict on the credentials (Keycloak's invalid_grant) or a network failure,
    // which the other way would meet too: no such route, a client not allowed direct grants, a login
    // page, an answer without a token.
    private static bool MayLogInElsewhere(DataSourceApiException failure) =>
        failure.ServerCode != "invalid_grant"
        && failure.Kind != ApiErrorKind.Connection
        && failure.Kind != ApiErrorKind.Timeout
        && failure.Kind != ApiErrorKind.PermissionDenied;

    private async Task<AccessToken> RequestTokenAsync(
        Func<string, string, ApiRequest> loginRequest, PasswordCredential credential, CancellationToken cancellationToken)
    {
        var request = loginRequest(credential.UserName, SecretText.Reveal(credential.Password));
        ApiResponse<string?> response;
        try
        {
            response = await _transport
                .SendAsync(request, null, request.Enveloped ? ReadEnvelopeToken : (Func<JsonReader, string?>)ReadKeycloakToken, cancellationToken)
                .ConfigureAwait(false);
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
                innerException: refusal)
            {
                ServerCode = refusal.ServerCode,
            };
        }
        catch (DataSourceApiException unreadable) when (unreadable.StatusCode >= 200 && unreadable.StatusCode < 300)
        {
            // A success that is not the token's answer (an HTML page, an envelope without data) logged no one in.
            throw NoToken(request, unreadable.StatusCode.Value, credential, unreadable.Message, unreadable);
        }

        return response.Data != null
            ? AccessToken.Parse(response.Data)
            : throw NoToken(request, response.Status, credential, null, null);
    }

    private static DataSourceApiException NoToken(ApiRequest request, int status, PasswordCredential credential, string? detail, Exception? inner) =>
        new DataSourceApiException(
            ApiErrorKind.Authentication,
            $"The server answered {status} to {request.Describe()} without an access token: it did not log user '{credential.UserName}' in."
            + (detail == null ? string.Empty : " " + detail),
            status,
            method: request.Method,
            route: request.Route,
            innerException: inner);

    // The API's /auth: {"message": "OK", "data": {"accessToken": "..."}}; null when data has no token.
    private static string? ReadEnvelopeToken(JsonReader reader) => TokenOf(reader, "accessToken");

    // Keycloak: {"access_token": "...", "expires_in": 300, ...}.
    private static string? ReadKeycloakToken(JsonReader reader) => TokenOf(reader, "access_token");

    private static string? TokenOf(JsonReader reader, string name) =>
        PlainJson.ReadValue(reader) is Dictionary<string, object?> members
        && members.TryGetValue(name, out var token) && token is string value && value.Length > 0
            ? value
            : null;
}
