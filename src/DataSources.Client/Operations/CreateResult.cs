using System;
using System.Collections.Generic;

namespace DataSources.Client;

/// <summary>The outcome of a create call, item by item, aligned with the list given.</summary>
internal sealed class CreateResult
{
    private readonly CreateFailure?[] _failureByIndex;

    private readonly DataSourceApiException?[] _afterCreateErrors;

    internal CreateResult(DataSource?[] created, CreateFailure?[] failureByIndex, DataSourceApiException?[] afterCreateErrors)
    {
        Created = created;
        _failureByIndex = failureByIndex;
        _afterCreateErrors = afterCreateErrors;
        var failures = new List<CreateFailure>();
        foreach (var failure in failureByIndex)
        {
            if (failure != null)
            {
                failures.Add(failure);
            }
        }

        Failures = failures;
    }

    /// <summary>How many items were given.</summary>
    public int Count => Created.Count;

    /// <summary>Per input index, the created data source, or null where that item failed.</summary>
    public IReadOnlyList<DataSource?> Created { get; }

    /// <summary>The items that were not created, by ascending index.</summary>
    public IReadOnlyList<CreateFailure> Failures { get; }

    /// <summary>The failure of the item at <paramref name="index"/>, or null when it was created.</summary>
    public CreateFailure? GetFailure(int index)
    {
        if (index < 0 || index >= _failureByIndex.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return _failureByIndex[index];
    }

    /// <summary>
    /// For an item that was created, why its patch-only fields (<c>incremental</c>,
    /// <c>scanSinceTimeframe</c>) could not be set right after; null when they were, or it had none.
    /// </summary>
    public DataSourceApiException? GetAfterCreateError(int index)
    {
        if (index < 0 || index >= _afterCreateErrors.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return _afterCreateErrors[index];
    }
}
