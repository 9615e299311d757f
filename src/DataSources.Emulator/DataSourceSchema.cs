using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;

namespace DataSources.Emulator;

/// <summary>
/// The writable fields of a data source and their types, as the contract lists them. Anything not
/// listed is refused, as the schema's additionalProperties false says, or stripped, as Fastify's AJV
/// does with it by default (<see cref="UnknownKeyHandling"/>).
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

    private static readonly FrozenSet<string> CostFields = FrozenSet.Create(StringComparer.Ordinal, "price", "currency", "frequency");

    private static readonly FrozenSet<string> LocationFields = FrozenSet.Create(
        StringComparer.Ordinal, "name", "street_address", "street_address_2", "locality_city", "state_province", "postal_code", "country");

    /// <summary>Fields that are stored but never returned.</summary>
    public static readonly FrozenSet<string> SecretFields = FrozenSet.Create(
        StringComparer.Ordinal, "password", "encryptedPassword", "secretKey", "secretAccessKey", "azureSharedKey",
        "trustStorePassword", "keyStorePassword", "oauthClientSecret");

    /// <summary>Fields a real server returns encrypted, as <c>AES/GCM/NoPadding|...</c>.</summary>
    public static readonly FrozenSet<string> EncryptedFields = FrozenSet.Create(StringComparer.Ordinal, "userName", "accessId");

    /// <summary>Fields only PATCH sets, which the response schema does not declare.</summary>
    public static readonly FrozenSet<string> PatchOnlyFields = FrozenSet.Create(StringComparer.Ordinal, "incremental", "scanSinceTimeframe");

    /// <summary>
    /// Adds one problem per broken rule of a create item; <paramref name="path"/> locates it ("/0" or "").
    /// True when the item has unknown keys that <see cref="UnknownKeyHandling.Strip"/> lets through, to be removed.
    /// </summary>
    public static bool CheckCreateItem(JsonElement item, string path, List<SchemaProblem> problems, UnknownKeyHandling unknownKeys)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(path, "must be an object (a data source)"));
            return false;
        }
        foreach (string required in RequiredOnCreate)
        {
            if (!item.TryGetProperty(required, out JsonElement value))
                problems.Add(new(path, $"must have required property '{required}'"));
            else if (value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0)
                problems.Add(new($"{path}/{required}", "must not be empty"));
        }
        return CheckFields(item, CreateFields, path, problems, unknownKeys, "");
    }

    /// <summary>The first of valid create items whose resourceName has white space, or -1.</summary>
    public static int IndexOfNameWithSpace(IReadOnlyList<JsonElement> items)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].GetProperty("resourceName").GetString()!.Any(char.IsWhiteSpace)) return i;
        }
        return -1;
    }

    /// <summary>As <see cref="CheckCreateItem"/>, for a PATCH body.</summary>
    public static bool CheckPatch(JsonElement body, List<SchemaProblem> problems, UnknownKeyHandling unknownKeys)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new("", "must be an object (a PATCH body)"));
            return false;
        }
        return CheckFields(body, PatchFields, "", problems, unknownKeys, " (PATCH changes only its 32 keys)");
    }

    /// <summary>A copy of a create item (or, with <paramref name="patch"/>, a PATCH body) that passed its check, without its unknown keys.</summary>
    public static JsonElement WithoutUnknownKeys(JsonElement body, bool patch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ApiResponses.WriterOptions))
        {
            writer.WriteStartObject();
            foreach (JsonProperty property in body.EnumerateObject())
            {
                if (!(patch ? PatchFields : CreateFields).TryGetValue(property.Name, out FieldKind kind)) continue;
                FrozenSet<string>? nested = kind switch { FieldKind.CostPerTb => CostFields, FieldKind.Location => LocationFields, _ => null };
                if (nested is null)
                {
                    property.WriteTo(writer);
                    continue;
                }
                writer.WriteStartObject(property.Name);
                foreach (JsonProperty inner in property.Value.EnumerateObject())
                {
                    if (nested.Contains(inner.Name)) inner.WriteTo(writer);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        using JsonDocument copy = JsonDocument.Parse(buffer.WrittenMemory);
        return copy.RootElement.Clone();
    }

    private static bool CheckFields(
        JsonElement body, FrozenDictionary<string, FieldKind> fields, string path, List<SchemaProblem> problems, UnknownKeyHandling unknownKeys, string why)
    {
        bool unknown = false;
        foreach (JsonProperty property in body.EnumerateObject())
        {
            if (fields.TryGetValue(property.Name, out FieldKind kind))
                unknown |= CheckValue(property.Value, kind, $"{path}/{property.Name}", problems, unknownKeys);
            else if (unknownKeys == UnknownKeyHandling.Reject)
                problems.Add(new(path, $"must NOT have additional property '{property.Name}'{why}"));
            else
                unknown = true;
        }
        return unknown;
    }

    // True when a nested object has unknown keys that are let through.
    private static bool CheckValue(JsonElement value, FieldKind kind, string path, List<SchemaProblem> problems, UnknownKeyHandling unknownKeys)
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
            FieldKind.CostPerTb => value.ValueKind == JsonValueKind.Object ? null : "must be an object {price, currency, frequency}",
            FieldKind.Location => value.ValueKind == JsonValueKind.Object ? null : "must be an object of address strings",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (problem is not null)
        {
            problems.Add(new(path, problem));
            return false;
        }
        return kind switch
        {
            FieldKind.CostPerTb => CheckCostPerTb(value, path, problems, unknownKeys),
            FieldKind.Location => CheckLocation(value, path, problems, unknownKeys),
            _ => false,
        };
    }

    private static bool IsArrayOf(JsonElement value, JsonValueKind itemKind) =>
        value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(item => item.ValueKind == itemKind);

    private static bool CheckCostPerTb(JsonElement value, string path, List<SchemaProblem> problems, UnknownKeyHandling unknownKeys)
    {
        bool unknown = false;
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
                _ => null,
            };
            if (problem is not null)
            {
                problems.Add(new($"{path}/{property.Name}", problem));
            }
            else if (!CostFields.Contains(property.Name))
            {
                unknown = true;
                if (unknownKeys == UnknownKeyHandling.Reject) problems.Add(new(path, $"must NOT have additional property '{property.Name}'"));
            }
        }
        return unknown;
    }

    private static bool CheckLocation(JsonElement value, string path, List<SchemaProblem> problems, UnknownKeyHandling unknownKeys)
    {
        bool unknown = false;
        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (!LocationFields.Contains(property.Name))
            {
                unknown = true;
                if (unknownKeys == UnknownKeyHandling.Reject)
                    problems.Add(new(path, $"must NOT have additional property '{property.Name}'"));
            }
            else if (property.Value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new($"{path}/{property.Name}", "must be a string"));
            }
        }
        return unknown;
    }
}
