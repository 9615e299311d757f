using System.Collections.Generic;

namespace DataSources.Client;

/// <summary>What a get-by-ids or get-by-names call found.</summary>
internal sealed class GetManyResult
{
    internal GetManyResult(IReadOnlyList<DataSource> found, IReadOnlyList<string> notFound)
    {
        Found = found;
        NotFound = notFound;
    }

    /// <summary>The data sources found, in the order their ids (or names) were asked (one asked twice appears twice).</summary>
    public IReadOnlyList<DataSource> Found { get; }

    /// <summary>The ids (or names) asked for that the server does not have, in the order asked.</summary>
    public IReadOnlyList<string> NotFound { get; }
}
