using System;

namespace DataSources;

/// <summary>
/// A data source as the server returned it: every non-secret field of the contract, typed, and
/// any field the contract does not know in <see cref="AdditionalFields"/>. Secret fields
/// (passwords, keys) have no property: the server never returns them and this type never holds them.
/// </summary>
public sealed class DataSource
{
    internal DataSource()
    {
    }

    /// <summary>The id (<c>_id</c>), 24 hex characters on the emulator.</summary>
    public string? Id { get; internal set; }

    /// <summary>The project id.</summary>
    public long? PId { get; internal set; }

    /// <summary>The user who created it.</summary>
    public string? UserId { get; internal set; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset? Date { get; internal set; }

    /// <summary><c>resourceName</c>.</summary>
    public string? ResourceName { get; internal set; }

    /// <summary>The type code, e.g. <c>POSTGRES</c>, <c>MYSQL</c>, <c>AWS</c>.</summary>
    public string? DatabaseType { get; internal set; }

    /// <summary><c>fqdnId</c>.</summary>
    public string? FqdnId { get; internal set; }

    /// <summary><c>resourceId</c>.</summary>
    public string? ResourceId { get; internal set; }

    /// <summary><c>description</c>.</summary>
    public string? Description { get; internal set; }

    /// <summary><c>note</c>.</summary>
    public string? Note { get; internal set; }

    /// <summary>The item's own status (a string, unlike the envelope's).</summary>
    public string? Status { get; internal set; }

    /// <summary>The owners, each as the plain data the server sent.</summary>
    public DataSourceObjectList? Owners { get; internal set; }

    /// <summary><c>users</c>.</summary>
    public DataSourceStringList? Users { get; internal set; }

    /// <summary><c>affinityId</c>.</summary>
    public string? AffinityId { get; internal set; }

    /// <summary><c>configMethod</c>.</summary>
    public string? ConfigMethod { get; internal set; }

    /// <summary><c>jobClasspath</c>.</summary>
    public string? JobClasspath { get; internal set; }

    /// <summary><c>driverClassName</c>.</summary>
    public string? DriverClassName { get; internal set; }

    /// <summary><c>spiVersion</c>.</summary>
    public string? SpiVersion { get; internal set; }

    /// <summary><c>serviceType</c>.</summary>
    public string? ServiceType { get; internal set; }

    /// <summary><c>lastTestConnectionId</c>.</summary>
    public string? LastTestConnectionId { get; internal set; }

    /// <summary><c>lastIngestId</c>.</summary>
    public string? LastIngestId { get; internal set; }

    /// <summary><c>host</c>.</summary>
    public string? Host { get; internal set; }

    /// <summary>The port, a string on the wire.</summary>
    public string? Port { get; internal set; }

    /// <summary><c>databaseName</c>.</summary>
    public string? DatabaseName { get; internal set; }

    /// <summary><c>uri</c>.</summary>
    public string? Uri { get; internal set; }

    /// <summary>
    /// The server the module read this data source from, so that a command on another server can
    /// refuse it; not a field, and not public, so that no output or copy carries it.
    /// </summary>
    internal System.Uri? Origin { get; set; }

    /// <summary><c>userName</c>.</summary>
    public string? UserName { get; internal set; }

    /// <summary><c>schemaNames</c>.</summary>
    public DataSourceStringList? SchemaNames { get; internal set; }

    /// <summary><c>warehouse</c>.</summary>
    public string? Warehouse { get; internal set; }

    /// <summary><c>project</c>.</summary>
    public string? Project { get; internal set; }

    /// <summary><c>connectionType</c>.</summary>
    public string? ConnectionType { get; internal set; }

    /// <summary><c>sslType</c>.</summary>
    public string? SslType { get; internal set; }

    /// <summary><c>trustStoreType</c>.</summary>
    public string? TrustStoreType { get; internal set; }

    /// <summary><c>trustStoreLocation</c>.</summary>
    public string? TrustStoreLocation { get; internal set; }

    /// <summary><c>keyStoreType</c>.</summary>
    public string? KeyStoreType { get; internal set; }

    /// <summary><c>keyStoreLocation</c>.</summary>
    public string? KeyStoreLocation { get; internal set; }

    /// <summary><c>cipherSuite</c>.</summary>
    public string? CipherSuite { get; internal set; }

    /// <summary><c>serverDistinguishedName</c>.</summary>
    public string? ServerDistinguishedName { get; internal set; }

    /// <summary><c>oauthClientId</c>.</summary>
    public string? OauthClientId { get; internal set; }

    /// <summary><c>oAuthType</c>.</summary>
    public long? OAuthType { get; internal set; }

    /// <summary><c>keyPath</c>.</summary>
    public string? KeyPath { get; internal set; }

    /// <summary><c>clientEmail</c>.</summary>
    public string? ClientEmail { get; internal set; }

    /// <summary><c>noAuth</c>.</summary>
    public bool? NoAuth { get; internal set; }

    /// <summary><c>endpoint</c>.</summary>
    public string? Endpoint { get; internal set; }

    /// <summary><c>container</c>.</summary>
    public string? Container { get; internal set; }

    /// <summary><c>path</c>.</summary>
    public string? Path { get; internal set; }

    /// <summary><c>region</c>.</summary>
    public string? Region { get; internal set; }

    /// <summary><c>accessKey</c>.</summary>
    public string? AccessKey { get; internal set; }

    /// <summary><c>accessId</c>.</summary>
    public string? AccessId { get; internal set; }

    /// <summary><c>secretManagerKey</c>.</summary>
    public string? SecretManagerKey { get; internal set; }

    /// <summary><c>accessKeyID</c>.</summary>
    public string? AccessKeyId { get; internal set; }

    /// <summary><c>accountNumber</c>.</summary>
    public string? AccountNumber { get; internal set; }

    /// <summary><c>iamUsername</c>.</summary>
    public string? IamUsername { get; internal set; }

    /// <summary><c>assumeRole</c>.</summary>
    public string? AssumeRole { get; internal set; }

    /// <summary><c>role</c>.</summary>
    public string? Role { get; internal set; }

    /// <summary><c>externalID</c>.</summary>
    public string? ExternalId { get; internal set; }

    /// <summary><c>defaultEndpointsProtocol</c>.</summary>
    public string? DefaultEndpointsProtocol { get; internal set; }

    /// <summary><c>fileSystemType</c>.</summary>
    public string? FileSystemType { get; internal set; }

    /// <summary><c>accountName</c>.</summary>
    public string? AccountName { get; internal set; }

    /// <summary><c>azureCredType</c>.</summary>
    public string? AzureCredType { get; internal set; }

    /// <summary><c>azureTenantId</c>.</summary>
    public string? AzureTenantId { get; internal set; }

    /// <summary><c>hdfsCredType</c>.</summary>
    public string? HdfsCredType { get; internal set; }

    /// <summary>A string on the wire.</summary>
    public string? FollowSymLinks { get; internal set; }

    /// <summary><c>domain</c>.</summary>
    public string? Domain { get; internal set; }

    /// <summary><c>shareName</c>.</summary>
    public string? ShareName { get; internal set; }

    /// <summary><c>includePatterns</c>.</summary>
    public DataSourceStringList? IncludePatterns { get; internal set; }

    /// <summary><c>excludePatterns</c>.</summary>
    public DataSourceStringList? ExcludePatterns { get; internal set; }

    /// <summary><c>includeSchemaPatterns</c>.</summary>
    public DataSourceStringList? IncludeSchemaPatterns { get; internal set; }

    /// <summary><c>excludeSchemaPatterns</c>.</summary>
    public DataSourceStringList? ExcludeSchemaPatterns { get; internal set; }

    /// <summary><c>includeTablePatterns</c>.</summary>
    public DataSourceStringList? IncludeTablePatterns { get; internal set; }

    /// <summary><c>excludeTablePatterns</c>.</summary>
    public DataSourceStringList? ExcludeTablePatterns { get; internal set; }

    /// <summary><c>deleteEmptyFolders</c>.</summary>
    public bool? DeleteEmptyFolders { get; internal set; }

    /// <summary><c>availableForMigration</c>.</summary>
    public bool? AvailableForMigration { get; internal set; }

    /// <summary><c>enabledForMigration</c>.</summary>
    public bool? EnabledForMigration { get; internal set; }

    /// <summary><c>availableForWriting</c>.</summary>
    public bool? AvailableForWriting { get; internal set; }

    /// <summary><c>availableForDataMastering</c>.</summary>
    public bool? AvailableForDataMastering { get; internal set; }

    /// <summary><c>totalCapacity</c>.</summary>
    public double? TotalCapacity { get; internal set; }

    /// <summary><c>costPerTb</c>.</summary>
    public DataSourceCost? CostPerTb { get; internal set; }

    /// <summary><c>location</c>.</summary>
    public DataSourceLocation? Location { get; internal set; }

    /// <summary><c>scanSinceTimeframe</c>.</summary>
    public string? ScanSinceTimeframe { get; internal set; }

    /// <summary><c>incremental</c>.</summary>
    public bool? Incremental { get; internal set; }

    /// <summary>
    /// Fields the contract does not know (and known fields whose value did not have the contract's
    /// type), by their JSON name, as plain .NET values; written by Export-Csv as a JSON object.
    /// </summary>
    public DataSourceAdditionalFields AdditionalFields { get; internal set; } = DataSourceAdditionalFields.None;

    /// <inheritdoc />
    public override string ToString() => ResourceName ?? Id ?? string.Empty;
}
