using System;
using System.Collections;
using System.Management.Automation;

namespace DataSources.Commands;

/// <summary>
/// What Get-DataSource and Set-DataSource recognise in their pipeline input before it is read
/// as a row: the total count that -IncludeTotalCount writes, and data sources (whose own
/// properties are never fields to send).
/// </summary>
internal static class PipedInput
{
    // How Export-Clixml/Import-Clixml and remoting name a DataSource they carried.
    private const string DeserializedDataSource = "Deserialized.DataSources.DataSource";

    /// <summary>
    /// Runs <paramref name="handle"/> on each item of an -InputObject: the object piped in, or each
    /// element of an array given on the command line (or piped whole, as ConvertFrom-Json writes
    /// a JSON array in Windows PowerShell). The parameter takes one object rather than an array:
    /// PowerShell binds a piped object to an array parameter at more than twice the cost.
    /// </summary>
    public static void ForEachItem(PSObject input, Action<PSObject> handle)
    {
        if (input.BaseObject is IList list)
        {
            foreach (var item in list)
            {
                if (item != null)
                {
                    handle(PSObject.AsPSObject(item));
                }
            }
        }
        else
        {
            handle(input);
        }
    }

    /// <summary>The object itself when PowerShell has wrapped it in a PSObject.</summary>
    public static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    /// <summary>
    /// An id without the white space around it: no catalog's id has any, and a cell from Excel or
    /// a line of a CRLF file brings it, invisible in the "no data source with id" that would follow.
    /// One of white space only stays as it is, for the error that names it.
    /// </summary>
    public static string TrimId(string id) => string.IsNullOrWhiteSpace(id) ? id : id.Trim();

    /// <summary>The number of items <see cref="ForEachItem"/> runs on.</summary>
    public static int CountOf(PSObject input) => input.BaseObject is IList list ? list.Count : 1;

    /// <summary>
    /// Whether the input is the total-count object of -IncludeTotalCount (PagingParameters.NewTotalCount:
    /// a UInt64 with an Accuracy note property). It is no data source, and its number no id.
    /// </summary>
    public static bool IsTotalCount(PSObject input) =>
        input.BaseObject is ulong && input.Properties["Accuracy"] is PSNoteProperty;

    /// <summary>
    /// The id and name of a data source object (also one read back by Import-Clixml), or a string
    /// taken as an id; false for any other input, which is a row.
    /// </summary>
    public static bool TryGetIdentity(PSObject input, out string? id, out string? name)
    {
        switch (input.BaseObject)
        {
            case string text:
                id = text;
                name = null;
                return true;
            case DataSource source:
                id = source.Id;
                name = source.ResourceName;
                return true;
        }

        if (input.TypeNames.Contains(DeserializedDataSource))
        {
            id = input.Properties["Id"]?.Value as string;
            name = input.Properties["ResourceName"]?.Value as string;
            return true;
        }

        id = null;
        name = null;
        return false;
    }
}
