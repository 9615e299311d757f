using System;
using System.Collections.Generic;

namespace DataSources.Client;

/// <summary>
/// A JSON object read as plain data. It is a dictionary, so that PowerShell reads
/// <c>$owner.name</c> and ConvertTo-Json writes an object; its text is its JSON, so that
/// Format-List and Out-String show it (an owner, an object in AdditionalFields) rather than the
/// name of a .NET type.
/// </summary>
internal sealed class PlainObject : Dictionary<string, object?>
{
    public PlainObject()
        : base(StringComparer.Ordinal)
    {
    }

    public override string ToString() => PlainJson.ToText(this);
}
