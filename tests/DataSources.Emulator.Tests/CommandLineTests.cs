using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace DataSources.Emulator.Tests;

public sealed class CommandLineTests
{
    private static readonly string[] Types = ["POSTGRES", "MYSQL", "AWS", "AZURE_BLOB_STORAGE", "ORACLE", "MSSQL"];

    [Fact]
    public async Task Without_urls_the_server_binds_a_free_loopback_port_and_reports_it()
    {
        await using var server = await EmulatorServer.StartAsync();

        Assert.Equal("127.0.0.1", server.BaseUri.Host);
        Assert.NotEqual(0, server.BaseUri.Port);
        Assert.EndsWith("/", server.BaseUri.AbsoluteUri);
    }

    [Fact]
    public async Task Seed_count_generates_a_deterministic_realistic_mix()
    {
        JsonElement[] first = await SeededAsync(2000);
        JsonElement[] second = await SeededAsync(2000);
        JsonElement[] shorter = await SeededAsync(500);

        string[] names = first.Select(s => s.GetProperty("resourceName").GetString()!).ToArray();
        Assert.Equal(names, second.Select(s => s.GetProperty("resourceName").GetString()));
        Assert.Equal(names.Take(500), shorter.Select(s => s.GetProperty("resourceName").GetString()));
        Assert.Equal(2000, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        double prod = names.Count(n => n.StartsWith("prod-", StringComparison.Ordinal)) / 2000.0;
        Assert.InRange(prod, 0.2, 0.3);
        foreach (string env in new[] { "dev-", "test-", "qa-" }) Assert.Contains(names, n => n.StartsWith(env, StringComparison.Ordinal));
        Assert.All(names, n => Assert.Matches("^(prod|dev|test|qa)-", n));
        Assert.Equal(Types.Order(), first.Select(s => s.GetProperty("databaseType").GetString()).Distinct().Order());
    }

    [Fact]
    public async Task Seeded_databases_have_host_port_and_patterns_and_object_stores_their_location()
    {
        JsonElement[] seeded = await SeededAsync(300);

        Assert.All(seeded, s =>
        {
            Assert.NotEmpty(s.GetProperty("includePatterns").EnumerateArray());
            switch (s.GetProperty("databaseType").GetString())
            {
                case "AWS":
                    Assert.StartsWith("s3://", s.GetProperty("path").GetString());
                    Assert.NotEmpty(s.GetProperty("region").GetString()!);
                    break;
                case "AZURE_BLOB_STORAGE":
                    Assert.NotEmpty(s.GetProperty("accountName").GetString()!);
                    Assert.NotEmpty(s.GetProperty("container").GetString()!);
                    break;
                default:
                    Assert.NotEmpty(s.GetProperty("host").GetString()!);
                    Assert.Matches("^[0-9]+$", s.GetProperty("port").GetString());
                    break;
            }
        });
    }

    [Fact]
    public async Task Seed_file_loads_its_create_bodies_at_start()
    {
        string file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """[{"resourceName":"from-file-1","databaseType":"MYSQL","port":"3306"},{"resourceName":"from-file-2","databaseType":"AWS"}]""");
            await using var server = await EmulatorServer.StartAsync("--seed", file, "--seed-count", "3");

            string[] names = (await AllAsync(server)).Select(s => s.GetProperty("resourceName").GetString()!).ToArray();

            Assert.Equal(5, names.Length);
            Assert.Equal(["from-file-1", "from-file-2"], names.Take(2));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_seed_file_that_breaks_the_schema_stops_the_start()
    {
        string file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """[{"resourceName":"bad","databaseType":"AWS","port":1}]""");

            var error = await Assert.ThrowsAsync<InvalidDataException>(() => EmulatorServer.StartAsync("--seed", file));

            Assert.Contains("port", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--user", "no-colon")]
    [InlineData("--token-lifetime", "0")]
    [InlineData("--seed-count", "many")]
    [InlineData("--seed-count")]
    public async Task Bad_arguments_are_refused(params string[] args)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => EmulatorServer.StartAsync(args));
    }

    [Fact]
    public async Task The_program_prints_the_real_bound_url_once_it_accepts_requests()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "DataSources.Emulator.dll"), "--urls", "http://127.0.0.1:0", "--seed-count", "5" },
        };
        using var process = Process.Start(start)!;
        try
        {
            string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.NotNull(line);
            Assert.Matches(@"^Emulator listening on http://127\.0\.0\.1:[1-9][0-9]*$", line);
            using var http = new HttpClient { BaseAddress = new Uri(line["Emulator listening on ".Length..] + "/") };
            using var response = await http.GetAsync("_emulator/stats");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<JsonElement[]> SeededAsync(int count)
    {
        await using var server = await EmulatorServer.StartAsync("--seed-count", count.ToString());
        return await AllAsync(server);
    }

    private static async Task<JsonElement[]> AllAsync(EmulatorServer server)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        using var minted = await http.PostAsync("_emulator/token", null);
        string token = JsonDocument.Parse(await minted.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/public/v1/data-sources/filter?limit=10000")
        {
            Content = new StringContent("""{"filters":{"resourceNames":["*"]}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("data").EnumerateArray().Select(e => e.Clone()).ToArray();
    }
}
