using System.Collections.Frozen;
using System.Text.Json;

namespace DataSources.Emulator;

/// <summary>
/// The writable fields of a data source and their types, as the contract lists them. Like the
/// server's own schema (additionalProperties false), anything not listed is refused.
/// </summary>
internal static class DataSourceSchema
{
    public const int MaxItemsPerRequest = 10_000;

    private static readonly FrozenDictionary<string, FieldKind> CreateFields = new Dictionary<string, FieldKind>
    {
        ["resourceName"] = FieldKind.String, ["databaseType"] = FieldKind.String, ["fqdnId"] = FieldKind.String,
        ["resourceId"] = FieldKind.String, ["description"] = FieldKind.String, ["note"] = FieldKind.String,
        ["status"] = FieldKind.String, ["owners"] = FieldKind.ObjectArray, ["users"] = FieldKind.StringArray,
        ["affinityId"] = FieldKind.String, ["configMethod"] = FieldKind.String,

        ["jobClasspath"] = FieldKind.String, ["driverClassName"] = FieldKind.String, ["spiVersion"] = FieldKind.String,
        ["serviceType"] = FieldKind.String, ["lastTestConnectionId"] = FieldKind.String, ["lastIngestId"] = FieldKind.String,

        ["host"] = FieldKind.String, ["port"] = FieldKind.String, ["databaseName"] = FieldKind.String,
        ["uri"] = FieldKind.String, ["userName"] = FieldKind.String, ["password"] = FieldKind.String,
        ["encryptedPassword"] = FieldKind.String, ["schemaNames"] = FieldKind.StringArray, ["warehouse"] = FieldKind.String,
        ["project"] = FieldKind.String, ["connectionType"] = FieldKind.String,

        ["sslType"] = FieldKind.SslType, ["trustStoreType"] = FieldKind.String, ["trustStoreLocation"] = FieldKind.String,
        ["trustStorePassword"] = FieldKind.String, ["keyStoreType"] = FieldKind.String, ["keyStoreLocation"] = FieldKind.String,
        ["keyStorePassword"] = FieldKind.String, ["cipherSuite"] = FieldKind.String, ["serverDistinguishedName"] = FieldKind.String,

        ["oauthClientId"] = FieldKind.String, ["oauthClientSecret"] = FieldKind.String, ["oAuthType"] = FieldKind.OAuthType,
        ["keyPath"] = FieldKind.String, ["clientEmail"] = FieldKind.String, ["noAuth"] = FieldKind.Boolean,

        ["endpoint"] = FieldKind.String, ["container"] = FieldKind.String, ["path"] = FieldKind.String,
        ["region"] = FieldKind.String, ["accessKey"] = FieldKind.String, ["accessId"] = FieldKind.String,
        ["secretKey"] = FieldKind.String, ["secretManagerKey"] = FieldKind.String, ["accessKeyID"] = FieldKind.String,
        ["secretAccessKey"] = FieldKind.String, ["accountNumber"] = FieldKind.String, ["iamUsername"] = FieldKind.String,
        ["assumeRole"] = FieldKind.String, ["role"] = FieldKind.String, ["externalID"] = FieldKind.String,
        ["defaultEndpointsProtocol"] = FieldKind.String, ["fileSystemType"] = FieldKind.String,

        ["accountName"] = FieldKind.String, ["azureCredType"] = FieldKind.String, ["azureSharedKey"] = FieldKind.String,
        ["azureTenantId"] = FieldKind.String,

        ["hdfsCredType"] = FieldKind.String, ["followSymLinks"] = FieldKind.String, ["domain"] = FieldKind.String,
        ["shareName"] = FieldKind.String,

        ["includePatterns"] = FieldKind.StringArray, ["excludePatterns"] = FieldKind.StringArray,
        ["includeSchemaPatterns"] = FieldKind.StringArray, ["excludeSchemaPatterns"] = FieldKind.StringArray,
        ["includeTablePatterns"] = FieldKind.StringArray, ["excludeTablePatterns"] = FieldKind.StringArray,
        ["deleteEmptyFolders"] = FieldKind.Boolean,

        ["availableForMigration"] = FieldKind.Boolean, ["enabledForMigration"] = FieldKind.Boolean,
        ["availableForWriting"] = FieldKind.Boolean, ["availableForDataMastering"] = FieldKind.Boolean,

        ["totalCapacity"] = FieldKind.Number, ["costPerTb"] = FieldKind.CostPerTb,
        ["location"] = FieldKind.Location,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, FieldKind> PatchFields = new Dictionary<string, FieldKind>
    {
        ["userName"] = FieldKind.String, ["password"] = FieldKind.String, ["accessId"] = FieldKind.String,
        ["secretKey"] = FieldKind.String, ["secretManagerKey"] = FieldKind.String, ["accountName"] = FieldKind.String,
        ["azureSharedKey"] = FieldKind.String, ["azureTenantId"] = FieldKind.String, ["role"] = FieldKind.String,
        ["region"] = FieldKind.String, ["host"] = FieldKind.String, ["port"] = FieldKind.String,
        ["databaseName"] = FieldKind.String, ["warehouse"] = FieldKind.String, ["uri"] = FieldKind.String,
        ["path"] = FieldKind.String, ["driverClassName"] = FieldKind.String, ["note"] = FieldKind.String,
        ["description"] = FieldKind.String, ["affinityId"] = FieldKind.String, ["lastTestConnectionId"] = FieldKind.String,
        ["lastIngestId"] = FieldKind.String, ["availableForMigration"] = FieldKind.Boolean,
        ["availableForWriting"] = FieldKind.Boolean, ["availableForDataMastering"] = FieldKind.Boolean,
        ["costPerTb"] = FieldKind.CostPerTb, ["totalCapacity"] = FieldKind.Number, ["location"] = FieldKind.Location,
        ["includePatterns"] = FieldKind.StringArray, ["excludePatterns"] = FieldKind.StringArray,
        ["scanSinceTimeframe"] = FieldKind.String, ["incremental"] = FieldKind.Boolean,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly string[] RequiredOnCreate = ["resourceName", "databaseType"];

    private static readonly FrozenSet<string> SslTypes = FrozenSet.Create(StringComparer.Ordinal, "encryptionOnly", "encryptionWithAuthentication");

    private static readonly FrozenSet<string> Frequencies = FrozenSet.Create(StringComparer.Ordinal, "month", "day", "week", "year");

    private static readonly FrozenSet<string> LocationFields = FrozenSet.Create(
        StringComparer.Ordinal, "name", "street_address", "street_address_2", "locality_city", "state_province", "postal_code", "country");

    /// <summary>Fields that are stored but never returned.</summary>
    public static readonly FrozenSet<string> SecretFields = FrozenSet.Create(
        StringComparer.Ordinal, "password", "encryptedPassword", "secretKey", "secretAccessKey", "azureSharedKey",
        "trustStorePassword", "keyStorePassword", "oauthClientSecret");

    /// <summary>Adds one problem per broken rule of a create item; <paramref name="path"/> locates it ("/0" or "").</summary>
    public static void CheckCreateItem(JsonElement item, string path, List<string> problems)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{Where(path)}: a data source must be an object.");
            return;
        }
        foreach (string required in RequiredOnCreate)
        {
            if (!item.TryGetProperty(required, out JsonElement value))
                problems.Add($"{Where(path)}: the required key '{required}' is missing.");
            else if (value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0)
                problems.Add($"{path}/{required}: must not be empty.");
        }
        foreach (JsonProperty property in item.EnumerateObject())
        {
            if (CreateFields.TryGetValue(property.Name, out FieldKind kind))
                CheckValue(property.Value, kind, $"{path}/{property.Name}", problems);
            else
                problems.Add($"{Where(path)}: the key '{property.Name}' is not allowed (additionalProperties is false).");
        }
    }

    public static void CheckPatch(JsonElement body, List<string> problems)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            problems.Add("body: a PATCH body must be an object.");
            return;
        }
        foreach (JsonProperty property in body.EnumerateObject())
        {
            if (PatchFields.TryGetValue(property.Name, out FieldKind kind))
                CheckValue(property.Value, kind, "/" + property.Name, problems);
            else
                problems.Add($"body: the key '{property.Name}' cannot be changed by PATCH.");
        }
    }

    private static string Where(string path) => path.Length == 0 ? "body" : path;

    private static void CheckValue(JsonElement value, FieldKind kind, string path, List<string> problems)
    {
        string? problem = kind switch
        {
            FieldKind.String => value.ValueKind == JsonValueKind.String ? null : "must be a string",
            FieldKind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "must be a boolean",
            FieldKind.Number => value.ValueKind == JsonValueKind.Number ? null : "must be a number",
            FieldKind.StringArray => IsArrayOf(value, JsonValueKind.String) ? null : "must be an array of strings",
            FieldKind.ObjectArray => IsArrayOf(value, JsonValueKind.Object) ? null : "must be an array of objects",
            FieldKind.OAuthType => value.ValueKind == JsonValueKind.Number && value.GetDouble() == 0 ? null : "must be the number 0",
            FieldKind.SslType => value.ValueKind == JsonValueKind.String && SslTypes.Contains(value.GetString()!)
                ? null
                : "must be one of encryptionOnly, encryptionWithAuthentication",
            FieldKind.CostPerTb => CheckCostPerTb(value, path, problems),
            FieldKind.Location => CheckLocation(value, path, problems),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (problem is not null) problems.Add($"{path}: {problem}.");
    }

    private static bool IsArrayOf(JsonElement value, JsonValueKind itemKind) =>
        value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(item => item.ValueKind == itemKind);

    private static string? CheckCostPerTb(JsonElement value, string path, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object) return "must be an object {price, currency, frequency}";
        foreach (JsonProperty property in value.EnumerateObject())
        {
            JsonElement v = property.Value;
            string? problem = property.Name switch
            {
                "price" => v.ValueKind == JsonValueKind.Number ? null : "must be a number",
                "currency" => v.ValueKind == JsonValueKind.String ? null : "must be a string",
                "frequency" => v.ValueKind == JsonValueKind.String && Frequencies.Contains(v.GetString()!)
                    ? null
                    : "must be one of month, day, week, year",
                _ => $"the key '{property.Name}' is not allowed (additionalProperties is false)",
            };
            if (problem is not null) problems.Add($"{path}/{property.Name}: {problem}.");
        }
        return null;
    }

    private static string? CheckLocation(JsonElement value, string path, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object) return "must be an object of address strings";
        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (!LocationFields.Contains(property.Name))
                problems.Add($"{path}: the key '{property.Name}' is not allowed (additionalProperties is false).");
            else if (property.Value.ValueKind != JsonValueKind.String)
                problems.Add($"{path}/{property.Name}: must be a string.");
        }
        return null;
    }
}
