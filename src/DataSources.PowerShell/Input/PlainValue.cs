using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace DataSources.Commands;

/// <summary>
/// Turns PowerShell values into the plain .NET data the client converts: no PSObject wrappers,
/// PSCustomObjects (ConvertFrom-Json, [pscustomobject]@{}) as dictionaries, switches as booleans,
/// lists element by element.
/// </summary>
internal static class PlainValue
{
    public static object? Of(object? value) => Of(value, null);

    /// <summary>The plain data of a value, its PSCustomObjects read by <paramref name="customObjects"/>.</summary>
    public static object? Of(object? value, CustomObjectProperties? customObjects)
    {
        switch (value)
        {
            case null:
                return null;
            case PSObject wrapped when wrapped.BaseObject is PSCustomObject:
                var properties = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in customObjects?.Of(wrapped) ?? wrapped.Properties)
                {
                    properties[property.Name] = Of(property.Value, customObjects);
                }

                return properties;
            case PSObject wrapped:
                return Of(wrapped.BaseObject, customObjects);
            case SwitchParameter flag:
                return flag.IsPresent;
            case string _:
            case System.Security.SecureString _:
                return value;
            case IDictionary dictionary:
                var entries = new Dictionary<string, object?>(dictionary.Count, StringComparer.OrdinalIgnoreCase);
                foreach (DictionaryEntry entry in dictionary)
                {
                    entries[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Of(entry.Value, customObjects);
                }

                return entries;
            case IList list:
                var items = new object?[list.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Of(list[i], customObjects);
                }

                return items;
            default:
                return value;
        }
    }
}
