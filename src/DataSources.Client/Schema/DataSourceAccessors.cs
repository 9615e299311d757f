using System;
using System.Collections.Generic;
using static DataSources.Client.DataSourceAccessor;

namespace DataSources.Client;

/// <summary>One <see cref="DataSourceAccessor"/> per non-secret field of the contract, and a lookup by exact JSON name.</summary>
internal static class DataSourceAccessors
{
    public static readonly DataSourceAccessor[] All =
    {
        Text("_id", d => d.Id, (d, v) => d.Id = v),
        Whole("pId", d => d.PId, (d, v) => d.PId = v),
        Text("userId", d => d.UserId, (d, v) => d.UserId = v),
        Moment("date", d => d.Date, (d, v) => d.Date = v),
        Text("resourceName", d => d.ResourceName, (d, v) => d.ResourceName = v),
        Text("databaseType", d => d.DatabaseType, (d, v) => d.DatabaseType = v),
        Text("fqdnId", d => d.FqdnId, (d, v) => d.FqdnId = v),
        Text("resourceId", d => d.ResourceId, (d, v) => d.ResourceId = v),
        Text("description", d => d.Description, (d, v) => d.Description = v),
        Text("note", d => d.Note, (d, v) => d.Note = v),
        Text("status", d => d.Status, (d, v) => d.Status = v),
        Objects("owners", d => d.Owners, (d, v) => d.Owners = v),
        Texts("users", d => d.Users, (d, v) => d.Users = v),
        Text("affinityId", d => d.AffinityId, (d, v) => d.AffinityId = v),
        Text("configMethod", d => d.ConfigMethod, (d, v) => d.ConfigMethod = v),
        Text("jobClasspath", d => d.JobClasspath, (d, v) => d.JobClasspath = v),
        Text("driverClassName", d => d.DriverClassName, (d, v) => d.DriverClassName = v),
        Text("spiVersion", d => d.SpiVersion, (d, v) => d.SpiVersion = v),
        Text("serviceType", d => d.ServiceType, (d, v) => d.ServiceType = v),
        Text("lastTestConnectionId", d => d.LastTestConnectionId, (d, v) => d.LastTestConnectionId = v),
        Text("lastIngestId", d => d.LastIngestId, (d, v) => d.LastIngestId = v),
        Text("host", d => d.Host, (d, v) => d.Host = v),
        Text("port", d => d.Port, (d, v) => d.Port = v),
        Text("databaseName", d => d.DatabaseName, (d, v) => d.DatabaseName = v),
        Text("uri", d => d.Uri, (d, v) => d.Uri = v),
        Text("userName", d => d.UserName, (d, v) => d.UserName = v),
        Texts("schemaNames", d => d.SchemaNames, (d, v) => d.SchemaNames = v),
        Text("warehouse", d => d.Warehouse, (d, v) => d.Warehouse = v),
        Text("project", d => d.Project, (d, v) => d.Project = v),
        Text("connectionType", d => d.ConnectionType, (d, v) => d.ConnectionType = v),
        Text("sslType", d => d.SslType, (d, v) => d.SslType = v),
        Text("trustStoreType", d => d.TrustStoreType, (d, v) => d.TrustStoreType = v),
        Text("trustStoreLocation", d => d.TrustStoreLocation, (d, v) => d.TrustStoreLocation = v),
        Text("keyStoreType", d => d.KeyStoreType, (d, v) => d.KeyStoreType = v),
        Text("keyStoreLocation", d => d.KeyStoreLocation, (d, v) => d.KeyStoreLocation = v),
        Text("cipherSuite", d => d.CipherSuite, (d, v) => d.CipherSuite = v),
        Text("serverDistinguishedName", d => d.ServerDistinguishedName, (d, v) => d.ServerDistinguishedName = v),
        Text("oauthClientId", d => d.OauthClientId, (d, v) => d.OauthClientId = v),
        Whole("oAuthType", d => d.OAuthType, (d, v) => d.OAuthType = v),
        Text("keyPath", d => d.KeyPath, (d, v) => d.KeyPath = v),
        Text("clientEmail", d => d.ClientEmail, (d, v) => d.ClientEmail = v),
        Flag("noAuth", d => d.NoAuth, (d, v) => d.NoAuth = v),
        Text("endpoint", d => d.Endpoint, (d, v) => d.Endpoint = v),
        Text("container", d => d.Container, (d, v) => d.Container = v),
        Text("path", d => d.Path, (d, v) => d.Path = v),
        Text("region", d => d.Region, (d, v) => d.Region = v),
        Text("accessKey", d => d.AccessKey, (d, v) => d.AccessKey = v),
        Text("accessId", d => d.AccessId, (d, v) => d.AccessId = v),
        Text("secretManagerKey", d => d.SecretManagerKey, (d, v) => d.SecretManagerKey = v),
        Text("accessKeyID", d => d.AccessKeyId, (d, v) => d.AccessKeyId = v),
        Text("accountNumber", d => d.AccountNumber, (d, v) => d.AccountNumber = v),
        Text("iamUsername", d => d.IamUsername, (d, v) => d.IamUsername = v),
        Text("assumeRole", d => d.AssumeRole, (d, v) => d.AssumeRole = v),
        Text("role", d => d.Role, (d, v) => d.Role = v),
        Text("externalID", d => d.ExternalId, (d, v) => d.ExternalId = v),
        Text("defaultEndpointsProtocol", d => d.DefaultEndpointsProtocol, (d, v) => d.DefaultEndpointsProtocol = v),
        Text("fileSystemType", d => d.FileSystemType, (d, v) => d.FileSystemType = v),
        Text("accountName", d => d.AccountName, (d, v) => d.AccountName = v),
        Text("azureCredType", d => d.AzureCredType, (d, v) => d.AzureCredType = v),
        Text("azureTenantId", d => d.AzureTenantId, (d, v) => d.AzureTenantId = v),
        Text("hdfsCredType", d => d.HdfsCredType, (d, v) => d.HdfsCredType = v),
        Text("followSymLinks", d => d.FollowSymLinks, (d, v) => d.FollowSymLinks = v),
        Text("domain", d => d.Domain, (d, v) => d.Domain = v),
        Text("shareName", d => d.ShareName, (d, v) => d.ShareName = v),
        Texts("includePatterns", d => d.IncludePatterns, (d, v) => d.IncludePatterns = v),
        Texts("excludePatterns", d => d.ExcludePatterns, (d, v) => d.ExcludePatterns = v),
        Texts("includeSchemaPatterns", d => d.IncludeSchemaPatterns, (d, v) => d.IncludeSchemaPatterns = v),
        Texts("excludeSchemaPatterns", d => d.ExcludeSchemaPatterns, (d, v) => d.ExcludeSchemaPatterns = v),
        Texts("includeTablePatterns", d => d.IncludeTablePatterns, (d, v) => d.IncludeTablePatterns = v),
        Texts("excludeTablePatterns", d => d.ExcludeTablePatterns, (d, v) => d.ExcludeTablePatterns = v),
        Flag("deleteEmptyFolders", d => d.DeleteEmptyFolders, (d, v) => d.DeleteEmptyFolders = v),
        Flag("availableForMigration", d => d.AvailableForMigration, (d, v) => d.AvailableForMigration = v),
        Flag("enabledForMigration", d => d.EnabledForMigration, (d, v) => d.EnabledForMigration = v),
        Flag("availableForWriting", d => d.AvailableForWriting, (d, v) => d.AvailableForWriting = v),
        Flag("availableForDataMastering", d => d.AvailableForDataMastering, (d, v) => d.AvailableForDataMastering = v),
        Real("totalCapacity", d => d.TotalCapacity, (d, v) => d.TotalCapacity = v),
        Cost("costPerTb", d => d.CostPerTb, (d, v) => d.CostPerTb = v),
        Place("location", d => d.Location, (d, v) => d.Location = v),
        Text("scanSinceTimeframe", d => d.ScanSinceTimeframe, (d, v) => d.ScanSinceTimeframe = v),
        Flag("incremental", d => d.Incremental, (d, v) => d.Incremental = v),
    };

    public static readonly Dictionary<string, DataSourceAccessor> ByJsonName = CreateIndex();

    private static Dictionary<string, DataSourceAccessor> CreateIndex()
    {
        var index = new Dictionary<string, DataSourceAccessor>(All.Length, StringComparer.Ordinal);
        foreach (var accessor in All)
        {
            index.Add(accessor.Field.JsonName, accessor);
        }

        return index;
    }
}
