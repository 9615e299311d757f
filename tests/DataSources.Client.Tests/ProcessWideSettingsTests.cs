using System.Net;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace DataSources.Client.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideSettings
{
    /// <summary>Tests that change settings of the whole process run alone, so no other test sees them.</summary>
    public const string Name = "Process-wide network settings";
}

/// <summary>A client changes nothing that other code in the process relies on, and still uses what it was given.</summary>
[Collection(ProcessWideSettings.Name)]
public sealed class ProcessWideSettingsTests
{
    // Where HttpClientHandler may be built on HttpWebRequest, ServicePointManager applies to it.
    private static readonly bool HasServicePoints =
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal) || Type.GetType("Mono.Runtime") is not null;

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        return secure;
    }

#pragma warning disable SYSLIB0014 // ServicePointManager: what Windows PowerShell 5.1's HTTP stack reads.
    [Fact]
    public void A_client_leaves_a_process_that_lets_the_system_choose_TLS_versions_as_it_is()
    {
        var before = ServicePointManager.SecurityProtocol;
        try
        {
            ServicePointManager.SecurityProtocol = 0; // SystemDefault: TLS 1.3 and the OS policy included.

            new DataSourceClient(new DataSourceConnectionSettings(new Uri("https://catalog.example.com/")), new TokenCredential(Secure("token"))).Dispose();

            Assert.Equal((SecurityProtocolType)0, ServicePointManager.SecurityProtocol);
        }
        finally
        {
            ServicePointManager.SecurityProtocol = before;
        }
    }

    [Fact]
    public void A_client_adds_TLS_1_2_to_an_old_explicit_list_where_ServicePointManager_applies_and_removes_nothing()
    {
        var before = ServicePointManager.SecurityProtocol;
        try
        {
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;

            new DataSourceClient(new DataSourceConnectionSettings(new Uri("https://catalog.example.com/")), new TokenCredential(Secure("token"))).Dispose();

            // On .NET, HttpClient ignores ServicePointManager, and the client leaves it alone.
            Assert.Equal(HasServicePoints ? SecurityProtocolType.Tls | SecurityProtocolType.Tls12 : SecurityProtocolType.Tls, ServicePointManager.SecurityProtocol);
        }
        finally
        {
            ServicePointManager.SecurityProtocol = before;
        }
    }
#pragma warning restore SYSLIB0014

    /// <summary>The proxy a handler uses when it is given none: the one the runtime's HttpClientHandler reads.</summary>
    private static IWebProxy? DefaultProxy
    {
#if NETFRAMEWORK
        get => WebRequest.DefaultWebProxy;
        set => WebRequest.DefaultWebProxy = value;
#else
        get => System.Net.Http.HttpClient.DefaultProxy;
        set => System.Net.Http.HttpClient.DefaultProxy = value!;
#endif
    }

    // A proxy that wants Basic credentials, then answers for the server behind it.
    private static StubServer ProxyAsking(string user, string password) => StubServer.Start(async context =>
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        if (context.Request.Header("Proxy-Authorization") != expected)
        {
            context.Response.StatusCode = 407;
            context.Response.Headers["Proxy-Authenticate"] = "Basic realm=\"stub\"";
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("""{"status":200,"data":{"_id":"abc","resourceName":"behind-the-proxy"}}""");
    });

    private static DataSourceConnectionSettings BehindAProxy(Uri? proxy) => new(new Uri("http://catalog.invalid/"))
    {
        AllowUnencryptedAuthentication = true,
        MaxAttempts = 1,
        ApiVersion = "v1",
        Proxy = proxy,
        ProxyCredential = new NetworkCredential("proxy-user", "proxy-pw"),
    };

    [Fact]
    public async Task A_proxy_credential_without_a_proxy_reaches_the_default_proxy_and_leaves_its_credentials_alone()
    {
        using var proxy = ProxyAsking("proxy-user", "proxy-pw");
        var before = DefaultProxy;
        try
        {
            var defaultProxy = new WebProxy(proxy.BaseUri);
            DefaultProxy = defaultProxy;
            using var client = new DataSourceClient(BehindAProxy(null), new TokenCredential(Secure("opaque-token")));

            var source = await client.GetAsync("abc", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal("behind-the-proxy", source.ResourceName);
            Assert.Null(defaultProxy.Credentials);
            Assert.Equal("http://catalog.invalid/api/public/v1/data-sources/abc", proxy.Requests.Last().Target);
        }
        finally
        {
            DefaultProxy = before;
        }
    }

    [Fact]
    public async Task A_proxy_credential_reaches_the_proxy_named_with_it()
    {
        using var proxy = ProxyAsking("proxy-user", "proxy-pw");
        using var client = new DataSourceClient(BehindAProxy(proxy.BaseUri), new TokenCredential(Secure("opaque-token")));

        var source = await client.GetAsync("abc", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("behind-the-proxy", source.ResourceName);
    }
}
