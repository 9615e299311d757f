using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

/// <summary>Fastify's 1 MiB body limit, and the switch that moves or lifts it.</summary>
public sealed class BodyLimitTests : EmulatorTest
{
    private const int MiB = 1_048_576;

    private const string TooLarge = """{"statusCode":413,"code":"FST_ERR_CTP_BODY_TOO_LARGE","error":"Payload Too Large","message":"Request body is too large"}""";

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    public async Task A_body_of_one_byte_over_1_MiB_is_413_in_Fastifys_shape_and_creates_nothing(string version)
    {
        var (status, body) = await CallAsync(HttpMethod.Post, Sources(version), CreateBodyOf(MiB + 1, "big"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(TooLarge, body.GetRawText());
        Assert.Empty(await FilteredNamesAsync(version, """{"resourceNames":["*"]}"""));
    }

    [Fact]
    public async Task A_body_of_exactly_1_MiB_is_accepted()
    {
        var (status, _) = await CallAsync(HttpMethod.Post, Sources("v2"), CreateBodyOf(MiB, "fits"));

        Assert.Equal(HttpStatusCode.Created, status);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Sources("v2"))
        {
            Content = JsonContent.Create(new { resourceName = "chunked", databaseType = "AWS", description = new string('x', MiB) }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);

        using var response = await Http.SendAsync(request);

        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(TooLarge, (await ReadJsonAsync(response)).GetRawText());
    }

    [Fact]
    public async Task The_limit_applies_to_every_API_route_and_the_connection_stays_usable()
    {
        string id = IdOf(await CreateOneAsync("v2", "target"));
        string padded = new(' ', MiB);

        var (patch, _) = await CallAsync(HttpMethod.Patch, $"{Sources("v2")}/{id}", """{"note":"n"}""" + padded);
        var (filter, _) = await CallAsync(HttpMethod.Post, $"{Sources("v2")}/filter", """{"filters":{"resourceNames":["*"]}}""" + padded);
        using var auth = await Http.PostAsync("api/public/v2/auth", new StringContent("username=admin&password=admin&pad=" + new string('x', MiB),
            Encoding.ASCII, "application/x-www-form-urlencoded"));
        var (after, _) = await FilterAsync("v2", """{"resourceNames":["*"]}""");

        Assert.Equal([HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.RequestEntityTooLarge],
            new[] { patch, filter, auth.StatusCode });
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task The_body_limit_switch_sets_another_limit()
    {
        await SetBehaviourAsync("""{"bodyLimit":200}""");

        var (over, _) = await CallAsync(HttpMethod.Post, Sources("v2"), CreateBodyOf(201, "over"));
        var (within, _) = await CallAsync(HttpMethod.Post, Sources("v2"), CreateBodyOf(200, "within"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over);
        Assert.Equal(HttpStatusCode.Created, within);
    }

    [Fact]
    public async Task A_body_limit_of_0_lifts_the_limit()
    {
        await SetBehaviourAsync("""{"bodyLimit":0}""");

        var (status, _) = await CallAsync(HttpMethod.Post, Sources("v2"), CreateBodyOf(3 * MiB, "huge"));

        Assert.Equal(HttpStatusCode.Created, status);
    }

    [Fact]
    public async Task The_control_routes_have_no_limit()
    {
        var (status, _) = await CallAsync(HttpMethod.Post, "_emulator/faults", """{"rate":0}""" + new string(' ', 2 * MiB), token: null);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    // A valid create body of exactly this many UTF-8 bytes, padded with white space.
    private static string CreateBodyOf(int bytes, string name)
    {
        string json = JsonSerializer.Serialize(new { resourceName = name, databaseType = "AWS" });
        Assert.True(bytes >= json.Length);
        string body = json + new string(' ', bytes - json.Length);
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(body));
        return body;
    }
}
