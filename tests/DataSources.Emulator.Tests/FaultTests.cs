using System.Net;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

public sealed class FaultTests : EmulatorTest
{
    [Theory]
    [InlineData("v1", 503)]
    [InlineData("v2", 503)]
    [InlineData("v1", 429)]
    [InlineData("v2", 429)]
    public async Task A_503_or_429_fault_answers_the_error_envelope_with_Retry_After_and_applies_nothing(string version, int fault)
    {
        await SetFaultsAsync($$"""{"statuses":[{{fault}}],"retryAfterSeconds":7}""");

        using var response = await SendAsync(HttpMethod.Post, Sources(version), """{"resourceName":"faulted","databaseType":"AWS"}""");
        JsonElement body = await ReadJsonAsync(response);
        await ClearFaultsAsync();

        Assert.Equal(fault, (int)response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal(fault, body.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
        Assert.Empty(await FilteredNamesAsync(version, """{"resourceNames":["faulted"]}"""));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_500_fault_has_no_Retry_After(string version)
    {
        await SetFaultsAsync("""{"statuses":[500]}""");

        using var response = await SendAsync(HttpMethod.Post, $"{Sources(version)}/filter", $$$"""{"filters":{"ids":["{{{UnknownId}}}"]}}""");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
    }

    [Theory]
    [InlineData("v1", 502)]
    [InlineData("v2", 503)]
    public async Task An_html_fault_answers_an_HTML_page_as_a_proxy_does(string version, int fault)
    {
        await SetFaultsAsync($$"""{"statuses":[{{fault}}],"html":true}""");

        using var response = await SendAsync(HttpMethod.Post, $"{Sources(version)}/filter", $$$"""{"filters":{"ids":["{{{UnknownId}}}"]}}""");
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(fault, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<html>", text);
        Assert.Contains($"<h1>{fault} ", text);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Drop_before_cuts_the_connection_and_applies_nothing(string version)
    {
        await SetFaultsAsync($$"""{"drop":"before","routes":["POST /api/public/{{version}}/data-sources"]}""");

        Exception? error = await SendOnFreshConnectionAsync(HttpMethod.Post, Sources(version), """{"resourceName":"dropped","databaseType":"AWS"}""");
        await ClearFaultsAsync();

        Assert.IsType<HttpRequestException>(error);
        Assert.Empty(await FilteredNamesAsync(version, """{"resourceNames":["dropped"]}"""));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Drop_after_applies_the_create_then_cuts_the_connection_before_the_answer(string version)
    {
        await SetFaultsAsync($$"""{"drop":"after","routes":["POST /api/public/{{version}}/data-sources"]}""");

        Exception? error = await SendOnFreshConnectionAsync(HttpMethod.Post, Sources(version), """{"resourceName":"lost-answer","databaseType":"AWS"}""");
        await ClearFaultsAsync();

        Assert.IsType<HttpRequestException>(error);
        Assert.Equal(["lost-answer"], await FilteredNamesAsync(version, """{"resourceNames":["lost-answer"]}"""));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Drop_after_applies_a_patch_then_cuts_the_connection(string version)
    {
        string id = (await CreateOneAsync(version, "patched")).GetProperty("_id").GetString()!;
        await SetFaultsAsync("""{"drop":"after","routes":["PATCH *"]}""");

        Exception? error = await SendOnFreshConnectionAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", """{"note":"applied"}""");
        await ClearFaultsAsync();
        var (_, read) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{id}");

        Assert.IsType<HttpRequestException>(error);
        Assert.Equal("applied", read.GetProperty("data").GetProperty("note").GetString());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Faults_hit_only_the_routes_that_match(string version)
    {
        string id = (await CreateOneAsync(version, "target")).GetProperty("_id").GetString()!;
        await SetFaultsAsync("""{"statuses":[503],"routes":["PATCH *","POST /api/public/v1/data-sources"]}""");

        var (get, _) = await CallAsync(HttpMethod.Get, $"{Sources(version)}/{id}");
        var (patch, _) = await CallAsync(HttpMethod.Patch, $"{Sources(version)}/{id}", """{"note":"n"}""");
        var (createV1, _) = await CallAsync(HttpMethod.Post, Sources("v1"), """{"resourceName":"a","databaseType":"AWS"}""");
        var (createV2, _) = await CallAsync(HttpMethod.Post, Sources("v2"), """{"resourceName":"b","databaseType":"AWS"}""");

        Assert.Equal(HttpStatusCode.OK, get);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, patch);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, createV1);
        Assert.Equal(HttpStatusCode.Created, createV2);
    }

    [Fact]
    public async Task Route_patterns_ignore_case_and_match_templates_not_paths()
    {
        string id = (await CreateOneAsync("v1", "target")).GetProperty("_id").GetString()!;
        await SetFaultsAsync("""{"statuses":[503],"routes":["get /API/public/v1/data-sources/{id}"]}""");

        var (get, _) = await CallAsync(HttpMethod.Get, $"{Sources("v1")}/{id}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, get);
    }

    [Fact]
    public async Task A_fraction_rate_faults_some_requests_and_not_others()
    {
        await SetFaultsAsync("""{"rate":0.5,"statuses":[503]}""");

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 100; i++) statuses.Add((await FilterAsync("v1", $$"""{"ids":["{{UnknownId}}"]}""")).Status);

        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable));
    }

    [Fact]
    public async Task A_rate_of_zero_faults_nothing()
    {
        await SetFaultsAsync("""{"rate":0,"statuses":[503],"drop":"before"}""");

        for (int i = 0; i < 20; i++) Assert.Equal(HttpStatusCode.OK, (await FilterAsync("v1", $$"""{"ids":["{{UnknownId}}"]}""")).Status);
    }

    [Fact]
    public async Task Each_faulted_request_gets_one_kind_among_the_statuses_and_the_drop()
    {
        await SetFaultsAsync("""{"statuses":[503,429],"drop":"before"}""");

        var outcomes = new HashSet<string>();
        for (int i = 0; i < 60; i++)
        {
            using var fresh = new HttpClient { BaseAddress = Server.BaseUri };
            try
            {
                using var response = await SendWithAsync(fresh, HttpMethod.Post, $"{Sources("v1")}/filter", $$$"""{"filters":{"ids":["{{{UnknownId}}}"]}}""");
                outcomes.Add(((int)response.StatusCode).ToString());
            }
            catch (HttpRequestException)
            {
                outcomes.Add("dropped");
            }
        }

        Assert.Equal(["429", "503", "dropped"], outcomes.Order());
    }

    [Fact]
    public async Task Latency_delays_matching_requests()
    {
        await SetFaultsAsync("""{"latencyMs":60000,"routes":["GET *"]}""");
        using var impatient = ImpatientClient();
        using var undelayed = UndelayedClient();

        var filter = await SendWithAsync(undelayed, HttpMethod.Post, $"{Sources("v1")}/filter", $$$"""{"filters":{"ids":["{{{UnknownId}}}"]}}""");
        await Assert.ThrowsAsync<TaskCanceledException>(() => SendWithAsync(impatient, HttpMethod.Get, $"{Sources("v1")}/{UnknownId}"));

        Assert.Equal(HttpStatusCode.OK, filter.StatusCode);
    }

    [Fact]
    public async Task Deleting_faults_restores_normal_answers()
    {
        await SetFaultsAsync("""{"statuses":[503]}""");
        var (faulted, _) = await FilterAsync("v1", $$"""{"ids":["{{UnknownId}}"]}""");

        await ClearFaultsAsync();
        var (normal, _) = await FilterAsync("v1", $$"""{"ids":["{{UnknownId}}"]}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted);
        Assert.Equal(HttpStatusCode.OK, normal);
    }

    [Fact]
    public async Task Control_routes_are_never_faulted()
    {
        await SetFaultsAsync("""{"statuses":[503],"drop":"before","routes":["*"]}""");

        var (stats, _) = await CallAsync(HttpMethod.Get, "_emulator/stats", token: null);
        var (token, _) = await CallAsync(HttpMethod.Post, "_emulator/token", "{}", token: null);

        Assert.Equal(HttpStatusCode.OK, stats);
        Assert.Equal(HttpStatusCode.OK, token);
    }

    [Fact]
    public async Task Stats_count_faulted_answers_by_status_and_dropped_requests_without_one()
    {
        await SetFaultsAsync("""{"statuses":[503],"routes":["GET *"]}""");
        await CallAsync(HttpMethod.Get, $"{Sources("v1")}/{UnknownId}");
        await SetFaultsAsync("""{"drop":"before","routes":["GET *"]}""");
        await SendOnFreshConnectionAsync(HttpMethod.Get, $"{Sources("v1")}/{UnknownId}");
        await ClearFaultsAsync();

        var (_, stats) = await CallAsync(HttpMethod.Get, "_emulator/stats", token: null);

        Assert.Equal(2, stats.GetProperty("byRoute").GetProperty("GET /api/public/v1/data-sources/{id}").GetInt64());
        Assert.Equal("""{"503":1}""", stats.GetProperty("byStatus").GetRawText());
    }

    [Theory]
    [InlineData("before")]
    [InlineData("after")]
    public async Task Stats_give_a_dropped_create_no_status(string drop)
    {
        await SetFaultsAsync($$"""{"drop":"{{drop}}","routes":["POST *"]}""");
        for (int i = 0; i < 20; i++)
        {
            await SendOnFreshConnectionAsync(HttpMethod.Post, Sources("v1"), $$"""{"resourceName":"dropped-{{i}}","databaseType":"AWS"}""");
        }
        await ClearFaultsAsync();

        var (_, stats) = await CallAsync(HttpMethod.Get, "_emulator/stats", token: null);

        Assert.Equal(20, stats.GetProperty("byRoute").GetProperty("POST /api/public/v1/data-sources").GetInt64());
        Assert.Equal("{}", stats.GetProperty("byStatus").GetRawText());
    }

    [Theory]
    [InlineData("""{"rate":1.5}""")]
    [InlineData("""{"statuses":[200]}""")]
    [InlineData("""{"drop":"sideways"}""")]
    [InlineData("""{"latencyMs":-1}""")]
    [InlineData("""{"routes":[]}""")]
    [InlineData("""{"status":503}""")]
    [InlineData("""{"rate":"often"}""")]
    public async Task Bad_fault_settings_are_400(string json)
    {
        var (status, _) = await CallAsync(HttpMethod.Post, "_emulator/faults", json, token: null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    private async Task SetFaultsAsync(string json)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, "_emulator/faults", json, token: null);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    private async Task ClearFaultsAsync()
    {
        using var response = await Http.DeleteAsync("_emulator/faults");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    // A new connection, so the client cannot quietly retry the request on another one.
    private async Task<Exception?> SendOnFreshConnectionAsync(HttpMethod method, string path, string? json = null)
    {
        using var fresh = new HttpClient { BaseAddress = Server.BaseUri };
        return await Record.ExceptionAsync(async () => (await SendWithAsync(fresh, method, path, json)).Dispose());
    }
}
