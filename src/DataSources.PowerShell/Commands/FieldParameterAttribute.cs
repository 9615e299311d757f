using System;

namespace DataSources.Commands;

/// <summary>Marks a cmdlet parameter as setting one data source field, by its JSON name.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class FieldParameterAttribute : Attribute
{
    public FieldParameterAttribute(string jsonName) => JsonName = jsonName;

    /// <summary>The field's key on the wire, as in <see cref="DataSources.Client.DataSourceSchema"/>.</summary>
    public string JsonName { get; }
}
