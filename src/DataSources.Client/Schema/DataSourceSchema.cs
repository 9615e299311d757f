using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using static DataSources.Client.FieldAccess;

namespace DataSources.Client;

/// <summary>
/// Every field of the data source object in the API contract: the single source of truth for
/// create and patch validation, for redaction, and for mapping cmdlet parameters and CSV columns.
/// </summary>
public static class DataSourceSchema
{
    private static readonly DataSourceField[] AllFields =
    {
        // Read-only, set by the server.
        new DataSourceField("_id", FieldKind.String, ReadOnly),
        new DataSourceField("pId", FieldKind.Integer, ReadOnly),
        new DataSourceField("userId", FieldKind.String, ReadOnly),
        new DataSourceField("date", FieldKind.String, ReadOnly),

        // Identity.
        new DataSourceField("resourceName", FieldKind.String, Create | Required),
        new DataSourceField("databaseType", FieldKind.String, Create | Required),
        new DataSourceField("fqdnId", FieldKind.String, Create),
        new DataSourceField("resourceId", FieldKind.String, Create),
        new DataSourceField("description", FieldKind.String, CreateAndPatch),
        new DataSourceField("note", FieldKind.String, CreateAndPatch),
        new DataSourceField("status", FieldKind.String, Create),
        new DataSourceField("owners", FieldKind.ObjectArray, Create),
        new DataSourceField("users", FieldKind.StringArray, Create),
        new DataSourceField("affinityId", FieldKind.String, CreateAndPatch),
        new DataSourceField("configMethod", FieldKind.String, Create),

        // Engine.
        new DataSourceField("jobClasspath", FieldKind.String, Create),
        new DataSourceField("driverClassName", FieldKind.String, CreateAndPatch),
        new DataSourceField("spiVersion", FieldKind.String, Create),
        new DataSourceField("serviceType", FieldKind.String, Create),
        new DataSourceField("lastTestConnectionId", FieldKind.String, CreateAndPatch),
        new DataSourceField("lastIngestId", FieldKind.String, CreateAndPatch),

        // JDBC.
        new DataSourceField("host", FieldKind.String, CreateAndPatch),
        new DataSourceField("port", FieldKind.String, CreateAndPatch),
        new DataSourceField("databaseName", FieldKind.String, CreateAndPatch),
        new DataSourceField("uri", FieldKind.String, CreateAndPatch),
        new DataSourceField("userName", FieldKind.String, CreateAndPatch),
        new DataSourceField("password", FieldKind.String, CreateAndPatch | Secret),
        new DataSourceField("encryptedPassword", FieldKind.String, Create | Secret),
        new DataSourceField("schemaNames", FieldKind.StringArray, Create),
        new DataSourceField("warehouse", FieldKind.String, CreateAndPatch),
        new DataSourceField("project", FieldKind.String, Create),
        new DataSourceField("connectionType", FieldKind.String, Create),

        // TLS.
        new DataSourceField("sslType", FieldKind.String, Create),
        new DataSourceField("trustStoreType", FieldKind.String, Create),
        new DataSourceField("trustStoreLocation", FieldKind.String, Create),
        new DataSourceField("trustStorePassword", FieldKind.String, Create | Secret),
        new DataSourceField("keyStoreType", FieldKind.String, Create),
        new DataSourceField("keyStoreLocation", FieldKind.String, Create),
        new DataSourceField("keyStorePassword", FieldKind.String, Create | Secret),
        new DataSourceField("cipherSuite", FieldKind.String, Create),
        new DataSourceField("serverDistinguishedName", FieldKind.String, Create),

        // OAuth and GCP.
        new DataSourceField("oauthClientId", FieldKind.String, Create),
        new DataSourceField("oauthClientSecret", FieldKind.String, Create | Secret),
        new DataSourceField("oAuthType", FieldKind.Integer, Create),
        new DataSourceField("keyPath", FieldKind.String, Create),
        new DataSourceField("clientEmail", FieldKind.String, Create),
        new DataSourceField("noAuth", FieldKind.Boolean, Create),

        // Object store and AWS.
        new DataSourceField("endpoint", FieldKind.String, Create),
        new DataSourceField("container", FieldKind.String, Create),
        new DataSourceField("path", FieldKind.String, CreateAndPatch),
        new DataSourceField("region", FieldKind.String, CreateAndPatch),
        new DataSourceField("accessKey", FieldKind.String, Create),
        new DataSourceField("accessId", FieldKind.String, CreateAndPatch),
        new DataSourceField("secretKey", FieldKind.String, CreateAndPatch | Secret),
        new DataSourceField("secretManagerKey", FieldKind.String, CreateAndPatch),
        new DataSourceField("accessKeyID", FieldKind.String, Create),
        new DataSourceField("secretAccessKey", FieldKind.String, Create | Secret),
        new DataSourceField("accountNumber", FieldKind.String, Create),
        new DataSourceField("iamUsername", FieldKind.String, Create),
        new DataSourceField("assumeRole", FieldKind.String, Create),
        new DataSourceField("role", FieldKind.String, CreateAndPatch),
        new DataSourceField("externalID", FieldKind.String, Create),
        new DataSourceField("defaultEndpointsProtocol", FieldKind.String, Create),
        new DataSourceField("fileSystemType", FieldKind.String, Create),

        // Azure.
        new DataSourceField("accountName", FieldKind.String, CreateAndPatch),
        new DataSourceField("azureCredType", FieldKind.String, Create),
        new DataSourceField("azureSharedKey", FieldKind.String, CreateAndPatch | Secret),
        new DataSourceField("azureTenantId", FieldKind.String, CreateAndPatch),

        // HDFS and SMB.
        new DataSourceField("hdfsCredType", FieldKind.String, Create),
        new DataSourceField("followSymLinks", FieldKind.String, Create),
        new DataSourceField("domain", FieldKind.String, Create),
        new DataSourceField("shareName", FieldKind.String, Create),

        // Scan scope.
        new DataSourceField("includePatterns", FieldKind.StringArray, CreateAndPatch),
        new DataSourceField("excludePatterns", FieldKind.StringArray, CreateAndPatch),
        new DataSourceField("includeSchemaPatterns", FieldKind.StringArray, Create),
        new DataSourceField("excludeSchemaPatterns", FieldKind.StringArray, Create),
        new DataSourceField("includeTablePatterns", FieldKind.StringArray, Create),
        new DataSourceField("excludeTablePatterns", FieldKind.StringArray, Create),
        new DataSourceField("deleteEmptyFolders", FieldKind.Boolean, Create),

        // Flags.
        new DataSourceField("availableForMigration", FieldKind.Boolean, CreateAndPatch),
        new DataSourceField("enabledForMigration", FieldKind.Boolean, Create),
        new DataSourceField("availableForWriting", FieldKind.Boolean, CreateAndPatch),
        new DataSourceField("availableForDataMastering", FieldKind.Boolean, CreateAndPatch),

        // Cost and location.
        new DataSourceField("totalCapacity", FieldKind.Number, CreateAndPatch),
        new DataSourceField("costPerTb", FieldKind.CostPerTb, CreateAndPatch),
        new DataSourceField("location", FieldKind.Location, CreateAndPatch),

        // Patch only.
        new DataSourceField("scanSinceTimeframe", FieldKind.String, Patch),
        new DataSourceField("incremental", FieldKind.Boolean, Patch),
    };

    private static readonly Dictionary<string, DataSourceField> ByName = CreateIndex();

    /// <summary>Every field of the contract, in the contract's order, read-only ones first.</summary>
    public static IReadOnlyList<DataSourceField> Fields { get; } = Array.AsReadOnly(AllFields);

    /// <summary>Finds a field by its exact JSON name, ignoring case (no aliases such as <c>Id</c>).</summary>
    public static bool TryGetField(string name, [NotNullWhen(true)] out DataSourceField? field)
    {
        if (name == null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        return ByName.TryGetValue(name, out field);
    }

    /// <summary>
    /// Turns loose input (CSV strings, PowerShell numbers, hashtables, arrays) into the field's
    /// wire type. Strings: numbers and booleans become text. String arrays: a string is split on
    /// <c>;</c>. Booleans: <c>true</c>/<c>false</c>/<c>1</c>/<c>0</c>. Objects: a dictionary with
    /// case-insensitive keys, or JSON text. Secret fields also accept a SecureString, kept as is.
    /// </summary>
    /// <exception cref="DataSourceInputException">The value does not fit; the message names the field.</exception>
    public static object? ConvertValue(DataSourceField field, object? value)
    {
        if (field == null)
        {
            throw new ArgumentNullException(nameof(field));
        }

        return FieldValueConverter.Convert(field, value);
    }

    private static Dictionary<string, DataSourceField> CreateIndex()
    {
        var index = new Dictionary<string, DataSourceField>(AllFields.Length, StringComparer.OrdinalIgnoreCase);
        foreach (var field in AllFields)
        {
            index.Add(field.JsonName, field);
        }

        return index;
    }
}
