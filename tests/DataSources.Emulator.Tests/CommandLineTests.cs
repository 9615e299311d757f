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
        Assert.All(names, n => Assert.Matches("^(prod|dev|test|qa)-[^\\s]+$", n));
        Assert.All(first, s => Assert.Matches("^[0-9a-f]{24}$", s.GetProperty("_id").GetString()));
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
    [InlineData("--duplicates", "all")]
    [InlineData("--duplicates")]
    [InlineData("--clear-text-reads=maybe")]
    [InlineData("--unknown-id", "410")]
    [InlineData("--malformed-id", "ignore")]
    [InlineData("--body-limit", "-5")]
    [InlineData("--body-limit", "1MB")]
    [InlineData("--unknown-keys", "keep")]
    [InlineData("--error-shape", "problem")]
    [InlineData("--auth-route", "hidden")]
    [InlineData("--unauthenticated", "403")]
    [InlineData("--api-versions", "v1,v9")]
    [InlineData("--api-versions", "")]
    [InlineData("--require-header", "NoValue")]
    [InlineData("--require-header", "=value")]
    [InlineData("--latency-ms", "soon")]
    public async Task Bad_arguments_are_refused(params string[] args)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => EmulatorServer.StartAsync(args));

        Assert.Contains(args[0].Split('=')[0], error.Message);
    }

    public static TheoryData<string[], string, string> EveryBehaviourOption() => new()
    {
        { ["--duplicates", "none-stored"], "duplicates", "\"none-stored\"" },
        { ["--duplicates=per-item"], "duplicates", "\"per-item\"" },
        { ["--allow-spaces-in-names"], "allowSpacesInNames", "true" },
        { ["--clear-text-reads"], "clearTextReads", "true" },
        { ["--clear-text-reads=false"], "clearTextReads", "false" },
        { ["--return-patch-only-fields"], "returnPatchOnlyFields", "true" },
        { ["--return-owners"], "returnOwners", "true" },
        { ["--unknown-id", "400"], "unknownId", "\"400\"" },
        { ["--unknown-id", "null"], "unknownId", "\"null\"" },
        { ["--unknown-id", "500"], "unknownId", "\"500\"" },
        { ["--malformed-id", "unknown"], "malformedId", "\"unknown\"" },
        { ["--body-limit", "0"], "bodyLimit", "0" },
        { ["--body-limit", "5000000"], "bodyLimit", "5000000" },
        { ["--unknown-keys", "strip"], "unknownKeys", "\"strip\"" },
        { ["--error-shape", "fastify"], "errorShape", "\"fastify\"" },
        { ["--auth-route", "absent"], "authRoute", "\"absent\"" },
        { ["--auth-route", "no-token"], "authRoute", "\"no-token\"" },
        { ["--keycloak-route", "absent"], "keycloakRoute", "\"absent\"" },
        { ["--unauthenticated", "redirect"], "unauthenticated", "\"redirect\"" },
        { ["--unauthenticated", "login-page"], "unauthenticated", "\"login-page\"" },
        { ["--api-versions", "v2"], "apiVersions", "[\"v2\"]" },
        { ["--api-versions", "v3,v1"], "apiVersions", "[\"v1\",\"v3\"]" },
        { ["--require-host-name"], "requireHostName", "true" },
        { ["--require-header", "CF-Access-Client-Id=id", "--require-header", "CF-Access-Client-Secret=a=b"], "requiredHeaders",
            "{\"CF-Access-Client-Id\":\"id\",\"CF-Access-Client-Secret\":\"a=b\"}" },
        { ["--latency-ms", "25"], "latencyMs", "25" },
    };

    [Theory]
    [MemberData(nameof(EveryBehaviourOption))]
    public async Task Each_behaviour_option_sets_its_control_key(string[] args, string key, string expected)
    {
        await using var server = await EmulatorServer.StartAsync(args);
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        using JsonDocument behaviour = JsonDocument.Parse(await http.GetStringAsync("_emulator/behaviour"));

        Assert.Equal(expected, behaviour.RootElement.GetProperty(key).GetRawText());
    }

    [Fact]
    public async Task Help_lists_every_option_and_exits_0()
    {
        var (exitCode, output) = await RunProgramAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.All(
            new[]
            {
                "--urls", "--user", "--token-lifetime", "--seed ", "--seed-count", "--duplicates stored-before|none-stored|per-item",
                "--allow-spaces-in-names", "--clear-text-reads", "--return-patch-only-fields", "--return-owners", "--unknown-id 404|400|null|500",
                "--malformed-id cast-error|unknown", "--body-limit BYTES", "--unknown-keys reject|strip", "--error-shape envelope|fastify",
                "--auth-route served|absent|no-token", "--keycloak-route served|absent", "--unauthenticated 401|redirect|login-page", "--api-versions LIST",
                "--require-host-name", "--require-header NAME=VALUE", "--latency-ms N", "/_emulator/behaviour",
            },
            option => Assert.Contains(option, output));
    }

    [Fact]
    public async Task A_bad_option_prints_what_is_wrong_and_the_usage_and_exits_2()
    {
        var (exitCode, output) = await RunProgramAsync("--unknown-id", "410");

        Assert.Equal(2, exitCode);
        Assert.Contains("--unknown-id", output);
        Assert.Contains("Usage:", output);
    }

    [Fact]
    public async Task A_seed_file_with_a_space_in_a_name_stops_the_start_unless_spaces_are_allowed()
    {
        string file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """[{"resourceName":"prod orders","databaseType":"AWS"}]""");

            var error = await Assert.ThrowsAsync<InvalidDataException>(() => EmulatorServer.StartAsync("--seed", file));
            await using var allowed = await EmulatorServer.StartAsync("--seed", file, "--allow-spaces-in-names");

            Assert.Contains("prod orders", error.Message);
            Assert.Equal(["prod orders"], (await AllAsync(allowed)).Select(s => s.GetProperty("resourceName").GetString()));
        }
        finally
        {
            File.Delete(file);
        }
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

    // The built program, run to its end; stdout and stderr together.
    private static async Task<(int ExitCode, string Output)> RunProgramAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DataSources.Emulator.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output + await errors);
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
