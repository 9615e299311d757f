using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Reflection;

namespace DataSources.Commands;

/// <summary>
/// Reads the properties of a PSCustomObject (an Import-Csv row, a ConvertFrom-Json object,
/// [pscustomobject]@{}, Select-Object's output) from its note properties directly, where that gives
/// exactly what enumerating <see cref="PSObject.Properties"/> gives, and by that enumeration
/// otherwise. One instance per command: type data may change between commands.
/// </summary>
/// <remarks>
/// Enumerating PSObject.Properties makes PowerShell build an object's reserved members (psbase,
/// psobject, pstypenames, ...) and its whole member list anew, under a lock: about 30-50 µs for each
/// new object, most of what a CSV row cost New-DataSource (bench/README.md). A PSCustomObject's
/// properties are its own members and what the type table adds for its type names
/// (Update-TypeData, a types.ps1xml). Its own members are read from PowerShell's internal
/// InstanceMembers, which every edition since Windows PowerShell 5.1 has; the type table's part is
/// ruled out once for each list of type names, by enumerating an empty object that has those names;
/// and the first row of each list is read both ways and compared. Where anything of that does not
/// hold (an internal member missing from this PowerShell, a script, alias or code property on the
/// object, type data for its names, a difference in the comparison), the object goes through
/// PSObject.Properties as before.
/// </remarks>
internal sealed class CustomObjectProperties
{
    private static readonly Func<PSObject, object?>? InstanceMembers = InternalGetter("InstanceMembers");
    private static readonly Func<PSObject, object?>? InternalTypeNames = InternalGetter("InternalTypeNames");

    // The last list of type names seen, and whether objects of those names can be read directly.
    private string[]? _typeNames;
    private bool _readsDirectly;

    /// <summary>The object's properties, in the order PSObject.Properties gives them.</summary>
    public IEnumerable<PSPropertyInfo> Of(PSObject input) =>
        (IEnumerable<PSPropertyInfo>?)NotePropertiesOf(input) ?? input.Properties;

    // Null when the object must be read through PSObject.Properties.
    private List<PSNoteProperty>? NotePropertiesOf(PSObject input)
    {
        if (InstanceMembers == null || InternalTypeNames == null || !(input.ImmediateBaseObject is PSCustomObject)
            || !(InternalTypeNames(input) is IList<string> typeNames) || !(InstanceMembers(input) is IEnumerable<PSMemberInfo> members))
        {
            return null;
        }

        var notes = new List<PSNoteProperty>();
        foreach (var member in members)
        {
            switch (member)
            {
                case PSNoteProperty note:
                    notes.Add(note);
                    break;
                case PSCodeProperty reserved when string.Equals(reserved.Name, "pstypenames", StringComparison.OrdinalIgnoreCase):
                    // PowerShell's own hidden member, there once anything enumerated the object.
                    break;
                case PSPropertyInfo _:
                    // A script, alias or code property: PowerShell's enumeration resolves it.
                    return null;
            }
        }

        if (!IsLast(typeNames))
        {
            _typeNames = Copy(typeNames);
            _readsDirectly = TypeTableAddsNothing(typeNames) && SameProperties(notes, input.Properties);
        }

        return _readsDirectly ? notes : null;
    }

    private bool IsLast(IList<string> typeNames)
    {
        var last = _typeNames;
        if (last == null || last.Length != typeNames.Count)
        {
            return false;
        }

        for (var i = 0; i < last.Length; i++)
        {
            if (!string.Equals(last[i], typeNames[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    // An object with no members of its own lists exactly what the type table (and the adapter of a
    // PSCustomObject, which adds nothing) gives objects of these type names.
    private static bool TypeTableAddsNothing(IList<string> typeNames)
    {
        var probe = new PSObject();
        probe.TypeNames.Clear();
        foreach (var name in typeNames)
        {
            probe.TypeNames.Add(name);
        }

        using var properties = probe.Properties.GetEnumerator();
        return !properties.MoveNext();
    }

    private static bool SameProperties(List<PSNoteProperty> notes, IEnumerable<PSPropertyInfo> enumerated)
    {
        var i = 0;
        foreach (var property in enumerated)
        {
            if (i == notes.Count || !ReferenceEquals(property, notes[i]))
            {
                return false;
            }

            i++;
        }

        return i == notes.Count;
    }

    private static string[] Copy(IList<string> typeNames)
    {
        var copy = new string[typeNames.Count];
        typeNames.CopyTo(copy, 0);
        return copy;
    }

    private static Func<PSObject, object?>? InternalGetter(string name)
    {
        try
        {
            var getter = typeof(PSObject).GetProperty(name, BindingFlags.Instance | BindingFlags.NonPublic)?.GetGetMethod(nonPublic: true);
            return getter == null || getter.ReturnType.IsValueType
                ? null
                : (Func<PSObject, object?>)getter.CreateDelegate(typeof(Func<PSObject, object?>));
        }
        catch (Exception exception) when (exception is ArgumentException || exception is MemberAccessException)
        {
            return null;
        }
    }
}
