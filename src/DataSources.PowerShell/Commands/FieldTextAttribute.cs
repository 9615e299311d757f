using System;
using System.Management.Automation;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>
/// Reads text given to a field parameter as the catalog's schema reads a CSV cell, before
/// PowerShell converts it to the parameter's type. PowerShell's own conversion takes
/// <c>'2,5'</c> for 25 (the comma a thousands separator) and <c>''</c> for 0, so a capacity
/// written with a decimal comma, or an empty cell passed on as <c>-TotalCapacity $row.Capacity</c>,
/// would change the data source without a word; the schema refuses both, naming the field.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class FieldTextAttribute : ArgumentTransformationAttribute
{
    private readonly DataSourceField _field;

    public FieldTextAttribute(string jsonName)
    {
        if (!DataSourceSchema.TryGetField(jsonName, out var field))
        {
            throw new ArgumentException($"'{jsonName}' is no data source field.", nameof(jsonName));
        }

        _field = field;
    }

    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if ((inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is not string text)
        {
            return inputData;
        }

        try
        {
            return DataSourceSchema.ConvertValue(_field, text);
        }
        catch (DataSourceInputException exception)
        {
            // PowerShell puts "Cannot process argument transformation on parameter 'X'." before it.
            throw new ArgumentTransformationMetadataException(exception.Message, exception);
        }
    }
}
