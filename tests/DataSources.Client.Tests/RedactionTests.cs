
namespace DataSources.Client.Tests;

public sealed class RedactionTests : ClientTest
{
    private static readonly Dictionary<string, string> SecretValues = new()
    {
        ["password"] = "pw-Alpha-1111",
        ["encryptedPassword"] = "enc-Bravo-2222",
        ["secretKey"] = "sk-Charlie-3333",
        ["secretAccessKey"] = "sak-Delta-4444",
        ["azureSharedKey"] = "ask-Echo-5555",
        ["trustStorePassword"] = "tsp-Foxtrot-6666",
        ["keyStorePassword"] = "ksp-Golf-7777",
        ["oauthClientSecret"] = "ocs-Hotel-8888",
    };

    [Fact]
    public void Every_secret_field_of_the_contract_is_covered_by_this_test() =>
        Assert.Equal(SecretValues.Keys.Order(), DataSourceSchema.Fields.Where(f => f.IsSecret).Select(f => f.JsonName).Order());

    [Fact]
    public async Task Nothing_the_log_receives_holds_a_secret_value_the_login_password_or_the_token()
    {
        var log = new RecordingLog(debug: true);
        var client = Client(credential: new PasswordCredential("admin", Secure("admin")), log: log);
        var item = NewSource("secretive");
        var secure = true;
        foreach (var (name, value) in SecretValues)
        {
            item.Set(name, secure ? Secure(value) : value);
            secure = !secure;
        }

        var created = (await client.CreateAsync([item], Timeout)).Created[0]!;
        await client.UpdateAsync(created.Id!, new DataSourcePatch().Set("password", "pw-India-9999").Set("secretKey", Secure("sk-Juliet-0000")), Timeout);
        var refused = await client.CreateAsync(
            [NewSource("refused").Set("azureSharedKey", "ask-Kilo-1212").Set("costPerTb", new Dictionary<string, object> { ["frequency"] = "hourly" })],
            Timeout);
        var token = await MintTokenAsync();
        var tokenClient = Client(credential: new TokenCredential(Secure(token)), log: log);
        await tokenClient.ConnectAsync(Timeout);

        var text = log.AllText;
        Assert.Contains("secretive", text);
        Assert.Contains("\"password\":\"***\"", text);
        Assert.Contains("password=***", text);
        Assert.Contains("\"access_token\":\"***\"", text);
        Assert.Equal(400, Assert.Single(refused.Failures).StatusCode);
        foreach (var value in SecretValues.Values.Concat(["pw-India-9999", "sk-Juliet-0000", "ask-Kilo-1212", token]))
            Assert.DoesNotContain(value, text);
        Assert.DoesNotContain("password=admin", text);
        Assert.DoesNotMatch(@"Bearer\s", text);
        Assert.DoesNotContain("eyJ", text);
    }

    [Fact]
    public void A_debug_body_that_is_not_valid_json_is_not_shown_since_it_cannot_be_redacted()
    {
        var shown = Redaction.RedactJson("""{"data":{"accessToken" "eyJ-unsent-token"}}""", []);

        Assert.DoesNotContain("eyJ-unsent-token", shown);
    }

    [Fact]
    public void A_patch_field_that_cannot_be_patched_is_refused_naming_it()
    {
        var error = Assert.Throws<DataSourceInputException>(() => new DataSourcePatch().Set("resourceName", "x"));

        Assert.Contains("'resourceName'", error.Message);
    }

    [Fact]
    public async Task A_server_message_that_echoes_a_secret_is_scrubbed_from_the_error()
    {
        using var stub = StubServer.Start(async context =>
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"status":400,"message":["password 'pw-Alpha-1111' is too weak",{"password":"pw-Alpha-1111"}]}""");
        });
        using var client = new DataSourceClient(new DataSourceConnectionSettings(stub.BaseUri) { ApiVersion = "v1" }, new TokenCredential(Secure("opaque-token")));

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() =>
            client.UpdateAsync("abc", new DataSourcePatch().Set("password", Secure("pw-Alpha-1111")), Timeout));

        Assert.DoesNotContain("pw-Alpha-1111", error.Message);
        Assert.Equal("password '***' is too weak", Assert.IsType<object?[]>(error.ServerMessage)[0]);
        Assert.Equal("***", Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(Assert.IsType<object?[]>(error.ServerMessage)[1])["password"]);
    }

    [Fact]
    public async Task A_server_message_that_echoes_the_token_is_scrubbed_from_the_error_and_the_log()
    {
        using var stub = StubServer.Start(async context =>
        {
            var token = context.Request.Header("Authorization").Substring("Bearer ".Length);
            context.Response.StatusCode = 401;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"status\":401,\"message\":\"token " + token + " is revoked\"}");
        });
        var log = new RecordingLog(debug: true);
        using var client = new DataSourceClient(new DataSourceConnectionSettings(stub.BaseUri) { ApiVersion = "v1" }, new TokenCredential(Secure("opaque-token-value")), log);

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.ConnectAsync(Timeout));

        Assert.Equal(ApiErrorKind.Authentication, error.Kind);
        Assert.Contains("token *** is revoked", error.Message);
        Assert.DoesNotContain("opaque-token-value", error.ToString());
        Assert.DoesNotContain("opaque-token-value", log.AllText);
    }

    [Fact]
    public async Task The_authorization_header_is_sent_but_never_logged()
    {
        string? seen = null;
        using var stub = StubServer.Start(async context =>
        {
            seen = context.Request.Header("Authorization");
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"status":200,"data":[]}""");
        });
        var log = new RecordingLog(debug: true);
        using var client = new DataSourceClient(new DataSourceConnectionSettings(stub.BaseUri) { ApiVersion = "v1" }, new TokenCredential(Secure("opaque-token-value")), log);

        await client.ConnectAsync(Timeout);

        Assert.Equal("Bearer opaque-token-value", seen);
        Assert.NotEmpty(log.DebugMessages);
        Assert.DoesNotContain("opaque-token-value", log.AllText);
    }
}
