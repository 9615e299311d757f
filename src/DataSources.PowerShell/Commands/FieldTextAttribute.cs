using System;
using System.Management.Automation;
using DataSources.Client;

namespace DataSources.Commands;

/// <summary>
/// Reads text (and a fractional number) given to a field parameter as the catalog's schema reads
/// a CSV cell, before PowerShell converts it to the parameter's type. PowerShell's own conversion
/// takes <c>'2,5'</c> for 25 (the comma a thousands separator), <c>''</c> for 0, <c>'0x50'</c> for
/// 80 and rounds 5432.6 to a port of 5433, so a value written with a decimal comma, or an empty
/// cell passed on as <c>-TotalCapacity $row.Capacity</c>, would change the data source without a
/// word; the schema refuses them, naming the field, as it refuses them in a row.
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
        // Whole numbers convert exactly, and arrays and the rest get PowerShell's own errors.
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (!(value is string || value is double || value is float || value is decimal))
        {
            return inputData;
        }

        try
        {
            return DataSourceSchema.ConvertValue(_field, value);
        }
        catch (DataSourceInputException exception)
        {
            // PowerShell puts "Cannot process argument transformation on parameter 'X'." before it.
            throw new ArgumentTransformationMetadataException(exception.Message, exception);
        }
    }
}
