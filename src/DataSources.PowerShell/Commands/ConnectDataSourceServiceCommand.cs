using System;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>
/// Connect-DataSourceService: logs in and makes the connection the runspace's default (or, with
/// -NoDefault, only returns it). With -Uri alone it prompts for a credential where a user can
/// answer, and fails at once, naming the ways to connect, where none can.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "DataSourceService", DefaultParameterSetName = EnvironmentSet)]
[OutputType(typeof(DataSourceConnection))]
public sealed class ConnectDataSourceServiceCommand : DataSourceCmdlet
{
    private const string CredentialSet = "Credential";
    private const string TokenSet = "Token";
    private const string EnvironmentSet = "Environment";

    /// <summary>The server's address, e.g. https://catalog.example.com.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = CredentialSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = TokenSet)]
    [ValidateNotNull]
    public Uri? Uri { get; set; }

    /// <summary>User name and password: the module logs in and renews the token itself. Prompted for when not given.</summary>
    [Parameter(Position = 1, ParameterSetName = CredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>A bearer token (JWT) obtained elsewhere; used until it expires.</summary>
    [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
    [ValidateNotNull]
    public SecureString? Token { get; set; }

    /// <summary>The API version: v1, v2 or v3; without it, the newest the server serves.</summary>
    [Parameter]
    [ValidateSet("v1", "v2", "v3")]
    public string? ApiVersion { get; set; }

    /// <summary>
    /// Headers for every request, e.g. Cloudflare Access's CF-Access-Client-Id and CF-Access-Client-Secret;
    /// give secret values as SecureString. No value appears in any output or log.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public System.Collections.IDictionary? Headers { get; set; }

    /// <summary>Allows sending the credential or token over plain http:// to a host that is not this machine.</summary>
    [Parameter]
    public SwitchParameter AllowUnencryptedAuthentication { get; set; }

    /// <summary>Accepts any server certificate; for test servers only.</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>A proxy to use instead of the system's.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Proxy { get; set; }

    /// <summary>Credentials for the proxy.</summary>
    [Parameter]
    [Credential]
    [ValidateNotNull]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>How many times a failed request is sent again, 0 to 100 (default 4, the client's 5 attempts in all).</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int MaximumRetryCount { get; set; } = 4;

    /// <summary>How long one attempt of a request may take, answer included, in seconds: 1 to 3600 (default 100).</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 100;

    /// <summary>Returns the connection.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Returns the connection without making it the default: for -Connection only.</summary>
    [Parameter]
    public SwitchParameter NoDefault { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        Uri uri;
        DataSourceCredential credential;
        DataSourceAuthenticationMethod method;
        try
        {
            (uri, credential, method) = ParameterSetName == EnvironmentSet ? FromEnvironment() : FromParameters();
        }
        catch (DataSourceInputException exception)
        {
            // An empty token or a blank user name.
            ThrowTerminatingError(ErrorIds.InvalidCredential.Record(exception, null));
            return;
        }

        // A password in the address would be shown wherever the address is (the connection, its
        // warnings, -Verbose) and is not used to log in: refused, and not shown in the error either.
        if (uri.IsAbsoluteUri && uri.UserInfo.Length > 0)
        {
            var shown = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;
            ThrowTerminatingError(InvalidArgument(
                $"The address '{shown}' was given with a user name or password in it (user:password@): give them with -Credential, not in the address; nothing was sent.",
                ErrorIds.InvalidUri,
                shown));
            return;
        }

        if (!uri.IsAbsoluteUri || (uri.Scheme != System.Uri.UriSchemeHttp && uri.Scheme != System.Uri.UriSchemeHttps))
        {
            ThrowTerminatingError(InvalidArgument($"The address '{uri}' is not an absolute http:// or https:// URI.", ErrorIds.InvalidUri, uri));
            return;
        }

        // The module adds /api/public/{version}/ itself: an address that already has it would miss every route.
        var apiPath = uri.AbsolutePath.IndexOf("/api/public", StringComparison.OrdinalIgnoreCase);
        if (apiPath >= 0)
        {
            var root = uri.GetLeftPart(UriPartial.Authority) + uri.AbsolutePath.Substring(0, apiPath);
            ThrowTerminatingError(InvalidArgument(
                $"The address '{uri}' includes the API path. Give the server's address without it, e.g. '{root}', and the version with -ApiVersion.",
                ErrorIds.InvalidUri,
                uri));
            return;
        }

        var settings = new DataSourceConnectionSettings(uri)
        {
            ApiVersion = ApiVersion,
            AllowUnencryptedAuthentication = AllowUnencryptedAuthentication,
            SkipCertificateCheck = SkipCertificateCheck,
            Proxy = Proxy,
            ProxyCredential = ProxyCredential?.GetNetworkCredential(),
            MaxAttempts = MaximumRetryCount + 1,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),

            // New-DataSource batches pipeline input itself (-BatchSize, within the same limit): one
            // create call, one request.
            CreateBatchSize = DataSourceConnectionSettings.MaxItemsPerRequest,
        };
        try
        {
            AddHeaders(settings);
        }
        catch (DataSourceInputException exception)
        {
            ThrowTerminatingError(ErrorIds.InvalidHeader.Record(exception, null));
            return;
        }

        DataSourceClient client;
        try
        {
            client = new DataSourceClient(settings, credential, RequestLogRouter.Instance);
        }
        catch (DataSourceInputException exception)
        {
            // The address is http(s) (checked above), so the client refuses plain http to another host.
            ThrowTerminatingError(ErrorIds.UnencryptedAuthenticationRefused.Record(exception, uri));
            return;
        }

        try
        {
            Wait(Start(client.ConnectAsync));
        }
        catch (DataSourceApiException exception)
        {
            client.Dispose();
            ThrowTerminatingError(ErrorRecordFor(exception, uri));
            return;
        }
        catch (OperationCanceledException) when (Stopping)
        {
            client.Dispose();
            return;
        }

        var connection = new DataSourceConnection(client, method);
        StreamPreference.WriteVerbose(this, $"Connected to {connection.Uri} ({connection.ApiVersion}) as '{connection.UserName}'.");
        if (NoDefault)
        {
            WriteObject(connection);
            return;
        }

        var previous = DefaultConnection.Current;
        if (previous != null && !previous.IsClosed && !previous.IsSameServerAndUser(connection))
        {
            WarnOfNewDefault(previous, connection);
        }

        DefaultConnection.Current = connection;
        if (PassThru)
        {
            WriteObject(connection);
        }
    }

    private void AddHeaders(DataSourceConnectionSettings settings)
    {
        if (Headers == null)
        {
            return;
        }

        foreach (System.Collections.DictionaryEntry header in Headers)
        {
            var name = header.Key?.ToString() ?? string.Empty;
            switch (PlainValue.Of(header.Value))
            {
                case SecureString secret:
                    settings.AddHeader(name, secret);
                    break;
                case string text when text.Length > 0:
                    settings.AddHeader(name, text);
                    break;
                default:
                    // The value itself is not shown: it may be a secret given the wrong way.
                    throw new DataSourceInputException($"The header '{name}' needs a non-empty string or SecureString value.");
            }
        }
    }

    private void WarnOfNewDefault(DataSourceConnection previous, DataSourceConnection connection)
    {
        try
        {
            StreamPreference.WriteWarning(
                this,
                $"The default connection was '{previous}' and is now '{connection}': commands without -Connection go there. "
                + "To make a connection only for -Connection, use -NoDefault.");
        }
        catch (Exception exception) when (exception is PSInvalidOperationException || exception is HostException)
        {
            // With -Debug a compiled cmdlet's warning becomes a question, which a non-interactive
            // host cannot ask: the warning is written all the same, and the connection must not fail for it.
        }
    }

    private (Uri, DataSourceCredential, DataSourceAuthenticationMethod) FromParameters()
    {
        if (ParameterSetName == TokenSet)
        {
            return (Uri!, new TokenCredential(Token!), DataSourceAuthenticationMethod.Token);
        }

        var credential = Credential ?? PromptForCredential();
        return (Uri!, new PasswordCredential(credential.UserName, credential.Password), DataSourceAuthenticationMethod.Credential);
    }

    /// <summary>
    /// Asks the user for the credential -Uri alone leaves out; where nobody can answer (a
    /// non-interactive host, a runbook, input redirected), fails at once, naming the ways to connect.
    /// </summary>
    private PSCredential PromptForCredential()
    {
        if (!CanPrompt())
        {
            ThrowCannotPrompt();
        }

        PSCredential? answer = null;
        try
        {
            answer = Host.UI.PromptForCredential("Connect-DataSourceService", $"The user name and password for {Uri}.", string.Empty, string.Empty);
        }
        catch (Exception exception) when (exception is HostException || exception is PSInvalidOperationException || exception is NotImplementedException)
        {
            // The host cannot prompt after all (e.g. it has no user interface).
            ThrowCannotPrompt();
        }

        if (answer == null || string.IsNullOrEmpty(answer.UserName))
        {
            ThrowTerminatingError(InvalidArgument($"No credential was given for {Uri}: nothing was sent. {WaysToConnect}", ErrorIds.CredentialRequired, Uri));
        }

        return answer!;
    }

    private void ThrowCannotPrompt() =>
        ThrowTerminatingError(InvalidArgument(
            $"-Uri needs a credential or a token, and this session cannot prompt for one: nothing was sent. {WaysToConnect}",
            ErrorIds.CredentialRequired,
            Uri));

    private const string WaysToConnect =
        "Connect with -Credential (a PSCredential, e.g. from Get-Credential), with -Token (a SecureString bearer token), "
        + "or set the environment variables DATASOURCES_URI with DATASOURCES_TOKEN (or DATASOURCES_USERNAME and DATASOURCES_PASSWORD) and run Connect-DataSourceService without parameters (with -Uri, it reads none of them).";

    // PowerShell's console host with -NonInteractive, or with its input redirected (a scheduled
    // job, a CI step), would fail or read the answer from wherever the input comes from.
    private bool CanPrompt()
    {
        if (!Environment.UserInteractive || Host?.UI == null)
        {
            return false;
        }

        if (Host.Name != "ConsoleHost")
        {
            return true;
        }

        return !Console.IsInputRedirected && !Array.Exists(Environment.GetCommandLineArgs(), IsNonInteractiveSwitch);
    }

    // pwsh and powershell.exe take -NonInteractive as any prefix of it from -noni on, with - or /.
    private static bool IsNonInteractiveSwitch(string argument)
    {
        var name = argument.TrimStart('-', '/');
        return name.Length >= 4 && name.Length < argument.Length
            && "noninteractive".StartsWith(name, StringComparison.OrdinalIgnoreCase);
    }

    // For runbooks: DATASOURCES_URI with DATASOURCES_TOKEN, or with DATASOURCES_USERNAME and DATASOURCES_PASSWORD.
    private (Uri, DataSourceCredential, DataSourceAuthenticationMethod) FromEnvironment()
    {
        var address = Environment.GetEnvironmentVariable("DATASOURCES_URI");
        var token = Environment.GetEnvironmentVariable("DATASOURCES_TOKEN");
        var userName = Environment.GetEnvironmentVariable("DATASOURCES_USERNAME");
        var password = Environment.GetEnvironmentVariable("DATASOURCES_PASSWORD");
        if (string.IsNullOrEmpty(address))
        {
            ThrowMissingEnvironment("DATASOURCES_URI is not set.");
        }

        if (!System.Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            ThrowTerminatingError(InvalidArgument($"DATASOURCES_URI '{address}' is not an absolute URI.", ErrorIds.InvalidUri, address));
        }

        // Blank is unset, as empty is: a variable cleared to a space must not hide the user name and password.
        if (!string.IsNullOrWhiteSpace(token))
        {
            return (uri!, new TokenCredential(SecretText.Conceal(token!)), DataSourceAuthenticationMethod.Token);
        }

        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
        {
            ThrowMissingEnvironment("Neither DATASOURCES_TOKEN nor both DATASOURCES_USERNAME and DATASOURCES_PASSWORD are set.");
        }

        return (uri!, new PasswordCredential(userName!, SecretText.Conceal(password!)), DataSourceAuthenticationMethod.Credential);
    }

    private void ThrowMissingEnvironment(string problem) =>
        ThrowTerminatingError(InvalidArgument(
            problem + " Give -Uri with -Credential or -Token, or set DATASOURCES_URI and DATASOURCES_TOKEN (or DATASOURCES_USERNAME and DATASOURCES_PASSWORD).",
            ErrorIds.ConnectionSettingsMissing,
            null));
}
