using System.Text.Json;

namespace DataSources.Emulator;

/// <summary>
/// Realistic data sources for <c>--seed-count</c> and reset: item <c>i</c> depends on <c>i</c> alone
/// (its own SplitMix64 stream), so every run and every count produce the same items. About a
/// quarter are named <c>prod-…</c>; the rest <c>dev-</c>, <c>test-</c> and <c>qa-</c>.
/// </summary>
internal static class SeedGenerator
{
    private static readonly (string Name, int Weight)[] Environments = [("prod", 25), ("dev", 30), ("test", 25), ("qa", 20)];

    private static readonly (string Type, int Weight)[] Types =
        [("POSTGRES", 30), ("MYSQL", 18), ("AWS", 16), ("AZURE_BLOB_STORAGE", 10), ("ORACLE", 12), ("MSSQL", 14)];

    private static readonly string[] Applications =
    [
        "billing", "orders", "inventory", "crm", "hr", "payments", "analytics", "marketing", "logistics", "finance",
        "support", "catalog", "claims", "risk", "web", "iot", "pricing", "shipping", "ledger", "identity",
    ];

    private static readonly string[] AwsRegions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];

    private static readonly string[] Currencies = ["USD", "EUR", "GBP"];

    private static readonly string[] Frequencies = ["month", "year"];

    public static void Write(Utf8JsonWriter writer, int index)
    {
        var random = new SplitMix((ulong)index);
        string environment = random.Weighted(Environments);
        string type = random.Weighted(Types);
        string app = random.Pick(Applications);
        int instance = random.Next(1, 10);
        string slug = type switch
        {
            "POSTGRES" => "pg",
            "MYSQL" => "mysql",
            "AWS" => "s3",
            "AZURE_BLOB_STORAGE" => "blob",
            "ORACLE" => "ora",
            _ => "mssql",
        };

        writer.WriteStartObject();
        writer.WriteString("resourceName", $"{environment}-{app}-{slug}-{index + 1:D5}");
        writer.WriteString("databaseType", type);
        writer.WriteString("description", $"{Title(app)} {slug} data, {environment}");
        writer.WriteString("status", "ACTIVE");
        writer.WriteString("configMethod", "credentials");
        if (type is "AWS" or "AZURE_BLOB_STORAGE")
            WriteObjectStore(writer, ref random, type, environment, app, instance);
        else
            WriteDatabase(writer, type, slug, environment, app, instance);

        writer.WriteBoolean("availableForMigration", environment == "prod");
        writer.WriteBoolean("availableForWriting", environment != "prod");
        if (random.Next(0, 3) == 0)
        {
            writer.WriteNumber("totalCapacity", random.Next(1, 200) * 100);
            writer.WriteStartObject("costPerTb");
            writer.WriteNumber("price", random.Next(5, 40));
            writer.WriteString("currency", random.Pick(Currencies));
            writer.WriteString("frequency", random.Pick(Frequencies));
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteDatabase(Utf8JsonWriter writer, string type, string slug, string environment, string app, int instance)
    {
        string host = $"{slug}-{app}-{instance:D2}.{environment}.corp.example.com";
        var (port, uri, driver, schemas, excluded) = type switch
        {
            "POSTGRES" => ("5432", $"jdbc:postgresql://{host}:5432/{app}", "org.postgresql.Driver",
                new[] { "public", app }, new[] { "pg_catalog.*", "information_schema.*" }),
            "MYSQL" => ("3306", $"jdbc:mysql://{host}:3306/{app}", "com.mysql.cj.jdbc.Driver",
                new[] { app }, new[] { "mysql.*", "performance_schema.*", "sys.*" }),
            "ORACLE" => ("1521", $"jdbc:oracle:thin:@//{host}:1521/{app.ToUpperInvariant()}", "oracle.jdbc.OracleDriver",
                new[] { app.ToUpperInvariant() }, new[] { "SYS.*", "SYSTEM.*" }),
            _ => ("1433", $"jdbc:sqlserver://{host}:1433;databaseName={app}", "com.microsoft.sqlserver.jdbc.SQLServerDriver",
                new[] { "dbo" }, new[] { "sys.*", "INFORMATION_SCHEMA.*" }),
        };
        writer.WriteString("host", host);
        writer.WriteString("port", port);
        writer.WriteString("databaseName", type == "ORACLE" ? app.ToUpperInvariant() : app);
        writer.WriteString("uri", uri);
        writer.WriteString("driverClassName", driver);
        writer.WriteString("userName", $"svc_{app}_{environment}");
        WriteStrings(writer, "schemaNames", schemas);
        WriteStrings(writer, "includePatterns", [$"{schemas[^1]}.*"]);
        WriteStrings(writer, "excludePatterns", excluded);
    }

    private static void WriteObjectStore(Utf8JsonWriter writer, ref SplitMix random, string type, string environment, string app, int instance)
    {
        if (type == "AWS")
        {
            string region = random.Pick(AwsRegions);
            writer.WriteString("region", region);
            writer.WriteString("endpoint", $"https://s3.{region}.amazonaws.com");
            writer.WriteString("path", $"s3://{environment}-{app}-datalake-{instance:D2}/");
            writer.WriteString("accessKeyID", $"AKIA{random.Next(0, int.MaxValue):X8}{random.Next(0, int.MaxValue):X8}");
            WriteStrings(writer, "includePatterns", ["*.parquet", "*.csv"]);
            WriteStrings(writer, "excludePatterns", ["_tmp/*", "*.crc"]);
            return;
        }
        string account = $"{environment}{app}{instance:D2}";
        writer.WriteString("accountName", account);
        writer.WriteString("endpoint", $"https://{account}.blob.core.windows.net");
        writer.WriteString("container", "raw");
        writer.WriteString("defaultEndpointsProtocol", "https");
        writer.WriteString("azureCredType", "SharedKey");
        WriteStrings(writer, "includePatterns", ["*.parquet", "*.json"]);
        WriteStrings(writer, "excludePatterns", ["$logs/*"]);
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, string[] values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    private static string Title(string word) =>
        word.Length <= 3 ? word.ToUpperInvariant() : char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>SplitMix64: tiny, fast and the same on every runtime, unlike <see cref="Random"/> with a seed.</summary>
    private struct SplitMix(ulong seed)
    {
        private ulong state = seed * 0x9E3779B97F4A7C15UL;

        public int Next(int min, int max) => min + (int)(NextULong() % (ulong)(max - min));

        public T Pick<T>(T[] values) => values[Next(0, values.Length)];

        public string Weighted((string Value, int Weight)[] choices)
        {
            int roll = Next(0, choices.Sum(c => c.Weight));
            foreach (var (value, weight) in choices)
            {
                if (roll < weight) return value;
                roll -= weight;
            }
            throw new InvalidOperationException("Weights do not add up.");
        }

        private ulong NextULong()
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
