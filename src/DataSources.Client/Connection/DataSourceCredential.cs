namespace DataSources.Client;

/// <summary>How a client proves who it is: <see cref="PasswordCredential"/> or <see cref="TokenCredential"/>.</summary>
internal abstract class DataSourceCredential
{
    // Only the two kinds below: the client knows how to use each.
    private protected DataSourceCredential()
    {
    }
}
