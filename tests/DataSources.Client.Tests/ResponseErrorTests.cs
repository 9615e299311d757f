using System.Text;

namespace DataSources.Client.Tests;

public sealed class ResponseErrorTests : ClientTest
{
    private static async Task<DataSourceApiException> GetFromStubAsync(Func<StubExchange, Task> handler, string id = "abc")
    {
        using var stub = StubServer.Start(handler);
        using var client = new DataSourceClient(
            new DataSourceConnectionSettings(stub.BaseUri) { MaxAttempts = 1, ApiVersion = "v1" },
            new TokenCredential(Secure("opaque-token")));
        return await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetAsync(id, CancellationToken.None));
    }

    // A filter, for answers that a GET by id would take as "no such id" (a GET's 400 can only be about its id).
    private static async Task<DataSourceApiException> FilterFromStubAsync(Func<StubExchange, Task> handler)
    {
        using var stub = StubServer.Start(handler);
        using var client = new DataSourceClient(
            new DataSourceConnectionSettings(stub.BaseUri) { MaxAttempts = 1, ApiVersion = "v1" },
            new TokenCredential(Secure("opaque-token")));
        return await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetFilterPageAsync(FilterQuery.All, 0, 1, CancellationToken.None));
    }

    private static Func<StubExchange, Task> Answer(int status, string contentType, string body) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    };

    [Fact]
    public async Task An_HTML_error_page_from_a_proxy_is_reported_as_such_not_as_a_parser_error()
    {
        var client = Client(s => s.MaxAttempts = 1);
        await client.ConnectAsync(Timeout);
        await SetFaultsAsync(new { statuses = new[] { 502 }, html = true, routes = new[] { "GET *" } });

        var error = await Assert.ThrowsAsync<DataSourceApiException>(() => client.GetAsync("0123456789abcdef01234567", Timeout));

        Assert.Equal(ApiErrorKind.Server, error.Kind);
        Assert.Equal(502, error.StatusCode);
        Assert.Contains("answered 502 Bad Gateway", error.Message);
        Assert.Contains("with an HTML page (title: '502 Bad Gateway') instead of JSON", error.Message);
        Assert.DoesNotContain("Newtonsoft", error.ToString());
        Assert.DoesNotContain("JsonReaderException", error.ToString());
    }

    [Fact]
    public async Task An_HTML_page_with_status_200_is_a_login_page_that_refused_the_token()
    {
        var error = await GetFromStubAsync(Answer(200, "text/html", "<html><head><title>Sign in</title></head><body>proxy login</body></html>"));

        Assert.Equal(ApiErrorKind.Authentication, error.Kind);
        Assert.Equal(
            "The server refused the access token: The server answered 200 OK to GET /api/public/v1/data-sources/abc with an HTML page (title: 'Sign in') instead of JSON."
            + " That is a login page: the server did not accept the token. Run Connect-DataSourceService again with a valid token.",
            error.Message);
    }

    [Fact]
    public async Task A_302_to_a_login_page_is_an_authentication_failure_that_says_where_it_pointed()
    {
        var error = await GetFromStubAsync(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers["Location"] = "https://sso.example.com/keycloak/realms/pdc/protocol/openid-connect/auth?client_id=oauth2-proxy&state=s3cr3t-state";
            return Task.CompletedTask;
        });

        Assert.Equal(ApiErrorKind.Authentication, error.Kind);
        Assert.Equal(302, error.StatusCode);
        Assert.Contains("redirecting to the login page 'https://sso.example.com/keycloak/realms/pdc/protocol/openid-connect/auth'", error.Message);
        Assert.DoesNotContain("s3cr3t-state", error.Message);
    }

    [Fact]
    public async Task An_error_in_Fastifys_shape_gives_its_message()
    {
        var error = await FilterFromStubAsync(Answer(400, "application/json",
            """{"statusCode":400,"code":"FST_ERR_VALIDATION","error":"Bad Request","message":"querystring/limit must be <= 10000"}"""));

        Assert.Equal(ApiErrorKind.InvalidRequest, error.Kind);
        Assert.StartsWith("querystring/limit must be <= 10000 (400 Bad Request from POST", error.Message);
    }

    [Fact]
    public async Task A_long_message_that_echoes_the_record_is_kept_whole_enough_to_show_the_reason()
    {
        var record = "{" + string.Join(",", Enumerable.Range(0, 120).Select(i => $"\"field{i:D3}\":\"value-{i:D3}\"")) + "}";
        var message = record + " Duplicate key violation on the requested collection: Index 'resourceName_1'";
        var error = await GetFromStubAsync(Answer(400, "application/json", Newtonsoft.Json.JsonConvert.SerializeObject(new { status = 400, message })));

        Assert.True(message.Length > 2048);
        Assert.Contains("Duplicate key violation on the requested collection: Index 'resourceName_1'", error.Message);
    }

    [Fact]
    public async Task A_200_without_data_is_an_InvalidResponse_that_says_so()
    {
        var error = await GetFromStubAsync(Answer(200, "application/json", """{"status":200,"result":{}}"""));

        Assert.Equal(ApiErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("has no 'data'", error.Message);
        Assert.Equal("GET", error.Method);
    }

    [Fact]
    public async Task A_truncated_JSON_body_is_an_InvalidResponse_that_says_where_it_broke()
    {
        var error = await GetFromStubAsync(Answer(200, "application/json", """{"status":200,"data":{"_id":"abc","resourceName":"trun"""));

        Assert.Equal(ApiErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("not complete JSON", error.Message);
        Assert.Contains("position", error.Message);
    }

    [Fact]
    public async Task Plain_text_and_empty_bodies_are_described_by_what_came_back()
    {
        var text = await GetFromStubAsync(Answer(200, "text/plain", "hello   world"));
        var empty = await GetFromStubAsync(Answer(503, "application/json", ""));

        Assert.Contains("with text/plain that is not JSON: 'hello world'", text.Message);
        Assert.Equal(ApiErrorKind.Server, empty.Kind);
        Assert.Contains("with an empty body instead of JSON", empty.Message);
    }

    [Fact]
    public async Task A_data_that_is_not_an_object_is_an_InvalidResponse()
    {
        var error = await GetFromStubAsync(Answer(200, "application/json", """{"status":200,"data":[1,2]}"""));

        Assert.Equal(ApiErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("'data' that is not an object", error.Message);
    }

    [Fact]
    public async Task Array_and_object_server_messages_are_kept_as_data_and_flattened_into_the_message()
    {
        var list = await FilterFromStubAsync(Answer(400, "application/json", """{"status":400,"message":["first problem","second problem"]}"""));
        var members = await FilterFromStubAsync(Answer(400, "application/json", """{"status":400,"message":{"field":"port","reason":"must be a string"}}"""));

        Assert.Equal(ApiErrorKind.InvalidRequest, list.Kind);
        Assert.Equal(["first problem", "second problem"], Assert.IsType<object?[]>(list.ServerMessage));
        Assert.StartsWith("first problem; second problem (400 Bad Request from POST", list.Message);
        var dictionary = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(members.ServerMessage);
        Assert.Equal("port", dictionary["field"]);
        Assert.StartsWith("field: port, reason: must be a string", members.Message);
    }

    [Fact]
    public async Task A_404_in_the_APIs_JSON_from_a_by_id_route_is_a_missing_data_source()
    {
        var error = await GetFromStubAsync(Answer(404, "application/json", """{"status":404,"message":"No data source has the id 'abc'."}"""));

        Assert.Equal(ApiErrorKind.NotFound, error.Kind);
        Assert.DoesNotContain("no such route", error.Message);
    }

    [Fact]
    public async Task Any_other_404_says_the_address_has_no_such_route_not_that_a_data_source_is_missing()
    {
        var page = await GetFromStubAsync(Answer(404, "text/html", "<html><head><title>404 Not Found</title></head></html>"));
        using var stub = StubServer.Start(Answer(404, "application/json", """{"status":404,"message":"Not Found"}"""));
        using var client = new DataSourceClient(new DataSourceConnectionSettings(stub.BaseUri) { ApiVersion = "v1" }, new TokenCredential(Secure("opaque-token")));
        var filter = Assert.Throws<DataSourceApiException>(() => client.Filter(FilterQuery.All, new FilterOptions(), CancellationToken.None).ToList());

        Assert.Equal(ApiErrorKind.InvalidResponse, page.Kind);
        Assert.Equal(ApiErrorKind.InvalidResponse, filter.Kind);
        Assert.Equal(404, filter.StatusCode);
        // The server's words and where they came from end their sentence before the advice starts.
        Assert.Equal(
            "Not Found (404 Not Found from POST /api/public/v1/data-sources/filter?skip=0&limit=1000). The server has no such route: check that the address is the server's root and that it offers API v1.",
            filter.Message);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_says_where_it_points()
    {
        var error = await GetFromStubAsync(context =>
        {
            context.Response.StatusCode = 301;
            context.Response.Headers["Location"] = "https://elsewhere.example.com/api/public/v1/data-sources/abc";
            return Task.CompletedTask;
        });

        Assert.Equal(ApiErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("https://elsewhere.example.com/", error.Message);
    }

    [Fact]
    public async Task Fields_the_contract_does_not_know_are_kept_as_plain_data_and_secrets_are_dropped()
    {
        using var stub = StubServer.Start(Answer(200, "application/json", """
            {"status":200,"data":{"_id":"abc","resourceName":"x","port":5432,"password":"leaked","newFlag":true,
             "nested":{"a":[1,2.5,"t",null],"b":{"c":"d"}},"totalCapacity":"lots","__v":3}}
            """));
        using var client = new DataSourceClient(new DataSourceConnectionSettings(stub.BaseUri) { ApiVersion = "v1" }, new TokenCredential(Secure("opaque-token")));

        var source = await client.GetAsync("abc", Timeout);

        Assert.Equal("5432", source.Port);
        Assert.Null(source.TotalCapacity);
        Assert.Equal(["newFlag", "nested", "totalCapacity", "__v"], source.AdditionalFields.Keys);
        Assert.Equal(true, source.AdditionalFields["newFlag"]);
        Assert.Equal(3L, source.AdditionalFields["__v"]);
        Assert.Equal("lots", source.AdditionalFields["totalCapacity"]);
        var nested = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(source.AdditionalFields["nested"]);
        Assert.Equal(new object?[] { 1L, 2.5, "t", null }, Assert.IsType<object?[]>(nested["a"]));
        Assert.Equal("d", Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(nested["b"])["c"]);
        // Their text, which Export-Csv writes, is the JSON the server sent, so that a CSV keeps them.
        Assert.Equal("""{"newFlag":true,"nested":{"a":[1,2.5,"t",null],"b":{"c":"d"}},"totalCapacity":"lots","__v":3}""", source.AdditionalFields.ToString());

        // A copy carries what the contract knows; the server's own additions would be refused or dropped.
        Assert.Equal(["resourceName", "port"], DataSourceCreateRequest.FromDataSource(source).FieldNames);
    }

    [Fact]
    public async Task Gzip_answers_are_decompressed()
    {
        var error = await GetFromStubAsync(async context =>
        {
            Assert.Contains("gzip", context.Request.Header("Accept-Encoding"));
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            context.Response.Headers["Content-Encoding"] = "gzip";
            using var buffer = new MemoryStream();
            var json = Encoding.UTF8.GetBytes("""{"status":404,"message":"zipped answer"}""");
            using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
                gzip.Write(json, 0, json.Length);
            await context.Response.WriteAsync(buffer.ToArray());
        });

        Assert.Equal(ApiErrorKind.NotFound, error.Kind);
        Assert.Equal("zipped answer", error.ServerMessage);
    }
}
