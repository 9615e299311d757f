using System;
using System.Collections.Generic;
using System.Linq;

namespace DataSources.Client;

/// <summary>
/// What to filter on. The keys combine with AND, the values of one key with OR; resource names
/// and database types take <c>*</c> wildcards. With nothing given, every data source matches.
/// </summary>
internal sealed class FilterQuery
{
    /// <summary>Creates a query; a null or empty list means the key is not given.</summary>
    /// <exception cref="ArgumentException">A list holds a null value.</exception>
    public FilterQuery(
        IEnumerable<string>? ids = null,
        IEnumerable<string>? resourceNames = null,
        IEnumerable<string>? databaseTypes = null)
    {
        Ids = Copy(ids, nameof(ids));
        ResourceNames = Copy(resourceNames, nameof(resourceNames));
        DatabaseTypes = Copy(databaseTypes, nameof(databaseTypes));
    }

    /// <summary>The query that matches every data source.</summary>
    public static FilterQuery All { get; } = new FilterQuery();

    /// <summary>Exact ids; empty when not given.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Resource names or wildcard patterns; empty when not given.</summary>
    public IReadOnlyList<string> ResourceNames { get; }

    /// <summary>Database type codes or wildcard patterns; empty when not given.</summary>
    public IReadOnlyList<string> DatabaseTypes { get; }

    /// <summary>Whether no key is given, so the query matches everything.</summary>
    public bool IsEmpty => Ids.Count == 0 && ResourceNames.Count == 0 && DatabaseTypes.Count == 0;

    private static IReadOnlyList<string> Copy(IEnumerable<string>? values, string parameterName)
    {
        if (values == null)
        {
            return Array.Empty<string>();
        }

        var copy = values.ToArray();
        if (copy.Any(value => value == null))
        {
            throw new ArgumentException("A filter value cannot be null.", parameterName);
        }

        return copy;
    }
}
