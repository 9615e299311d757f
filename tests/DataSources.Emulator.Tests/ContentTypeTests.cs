using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace DataSources.Emulator.Tests;

public sealed class ContentTypeTests : EmulatorTest
{
    public static TheoryData<string, string, string, string> JsonRoutesAndOtherContentTypes()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (string version in new[] { "v1", "v2" })
        {
            foreach (string type in new[] { "text/plain", "application/x-www-form-urlencoded", "application/xml" })
            {
                data.Add(version, "POST", "", type);
                data.Add(version, "PATCH", "/ffffffffffffffffffffffff", type);
                data.Add(version, "POST", "/by-ids", type);
                data.Add(version, "POST", "/filter", type);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(JsonRoutesAndOtherContentTypes))]
    public async Task A_JSON_route_given_another_content_type_is_415_in_the_error_envelope(string version, string method, string suffix, string contentType)
    {
        using var response = await SendAsync(new HttpMethod(method), Sources(version) + suffix, $$"""{"ids":["{{UnknownId}}"]}""", contentType: contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(415, (await ReadJsonAsync(response)).GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task A_body_without_a_content_type_is_415(string version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Sources(version)}/filter")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes($$$"""{"filters":{"ids":["{{{UnknownId}}}"]}}""")),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("v1", "application/json; charset=utf-8")]
    [InlineData("v2", "application/json")]
    [InlineData("v1", "application/vnd.pdc+json")]
    public async Task JSON_content_types_are_accepted(string version, string contentType)
    {
        using var response = await SendAsync(HttpMethod.Post, $"{Sources(version)}/filter", $$$"""{"filters":{"ids":["{{{UnknownId}}}"]}}""", contentType: contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
