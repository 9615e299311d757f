using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>
/// Reads one field value of the wire into its model type. Each reader starts on the value's first
/// token and ends on its last; when the value does not have the expected shape it returns false
/// with the value as plain data, so the model keeps it instead of failing or losing it.
/// </summary>
internal static class WireValues
{
    [MethodImpl(JitOptions.FullyOptimized)]
    public static bool TryReadText(JsonReader reader, out string? value, out object? unfit)
    {
        unfit = null;
        switch (reader.TokenType)
        {
            case JsonToken.String:
                value = (string)reader.Value!;
                return true;
            case JsonToken.Null:
                value = null;
                return true;
            case JsonToken.Integer:
            case JsonToken.Float:
                // A port sent as a number is still the port.
                value = Convert.ToString(reader.Value, CultureInfo.InvariantCulture);
                return true;
            case JsonToken.Boolean:
                value = (bool)reader.Value! ? "true" : "false";
                return true;
            default:
                value = null;
                unfit = PlainJson.ReadValue(reader);
                return false;
        }
    }

    [MethodImpl(JitOptions.FullyOptimized)]
    public static bool TryReadTexts(JsonReader reader, out string[]? value, out object? unfit)
    {
        value = null;
        unfit = null;
        if (reader.TokenType == JsonToken.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonToken.StartArray)
        {
            unfit = PlainJson.ReadValue(reader);
            return false;
        }

        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonToken.EndArray)
        {
            if (reader.TokenType == JsonToken.Null)
            {
                unfit = ReadRestOfArray(reader, items, null);
                return false;
            }

            if (!TryReadText(reader, out var item, out var unfitItem))
            {
                unfit = ReadRestOfArray(reader, items, unfitItem);
                return false;
            }

            items.Add(item!);
        }

        value = items.ToArray();
        return true;
    }

    [MethodImpl(JitOptions.FullyOptimized)]
    public static bool TryReadBoolean(JsonReader reader, out bool? value, out object? unfit)
    {
        value = null;
        unfit = null;
        switch (reader.TokenType)
        {
            case JsonToken.Boolean:
                value = (bool)reader.Value!;
                return true;
            case JsonToken.Null:
                return true;
            default:
                unfit = PlainJson.ReadValue(reader);
                return false;
        }
    }

    [MethodImpl(JitOptions.FullyOptimized)]
    public static bool TryReadInteger(JsonReader reader, out long? value, out object? unfit)
    {
        value = null;
        unfit = null;
        switch (reader.TokenType)
        {
            case JsonToken.Integer when reader.Value is long number:
                value = number;
                return true;
            case JsonToken.Null:
                return true;
            default:
                unfit = PlainJson.ReadValue(reader);
                return false;
        }
    }

    public static bool TryReadNumber(JsonReader reader, out double? value, out object? unfit)
    {
        value = null;
        unfit = null;
        switch (reader.TokenType)
        {
            case JsonToken.Integer:
            case JsonToken.Float:
                value = Convert.ToDouble(reader.Value, CultureInfo.InvariantCulture);
                return true;
            case JsonToken.Null:
                return true;
            default:
                unfit = PlainJson.ReadValue(reader);
                return false;
        }
    }

    [MethodImpl(JitOptions.FullyOptimized)]
    public static bool TryReadDate(JsonReader reader, out DateTimeOffset? value, out object? unfit)
    {
        value = null;
        unfit = null;
        if (reader.TokenType == JsonToken.Null)
        {
            return true;
        }

        if (reader.TokenType == JsonToken.String
            && DateTimeOffset.TryParse((string)reader.Value!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            value = date;
            return true;
        }

        unfit = PlainJson.ReadValue(reader);
        return false;
    }

    public static bool TryReadCost(JsonReader reader, out DataSourceCost? value, out object? unfit) =>
        TryReadObject(reader, CostFrom, out value, out unfit);

    public static bool TryReadLocation(JsonReader reader, out DataSourceLocation? value, out object? unfit) =>
        TryReadObject(reader, LocationFrom, out value, out unfit);

    public static bool TryReadObjects(JsonReader reader, out IReadOnlyDictionary<string, object?>[]? value, out object? unfit)
    {
        value = null;
        unfit = null;
        if (reader.TokenType == JsonToken.Null)
        {
            return true;
        }

        unfit = PlainJson.ReadValue(reader);
        if (!(unfit is object?[] items))
        {
            return false;
        }

        var objects = new IReadOnlyDictionary<string, object?>[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!(items[i] is Dictionary<string, object?> item))
            {
                return false;
            }

            objects[i] = item;
        }

        value = objects;
        unfit = null;
        return true;
    }

    // An object read as plain data, then mapped; the map gives null when a member does not fit.
    private static bool TryReadObject<T>(JsonReader reader, Func<Dictionary<string, object?>, T?> map, out T? value, out object? unfit)
        where T : class
    {
        value = null;
        unfit = null;
        if (reader.TokenType == JsonToken.Null)
        {
            return true;
        }

        unfit = PlainJson.ReadValue(reader);
        value = unfit is Dictionary<string, object?> members ? map(members) : null;
        if (value == null)
        {
            return false;
        }

        unfit = null;
        return true;
    }

    private static DataSourceCost? CostFrom(Dictionary<string, object?> members)
    {
        var cost = new DataSourceCost();
        foreach (var pair in members)
        {
            switch (pair.Key)
            {
                case "price" when pair.Value is long || pair.Value is double || pair.Value == null:
                    cost.Price = pair.Value == null ? (double?)null : Convert.ToDouble(pair.Value, CultureInfo.InvariantCulture);
                    break;
                case "currency" when pair.Value is string || pair.Value == null:
                    cost.Currency = (string?)pair.Value;
                    break;
                case "frequency" when pair.Value is string || pair.Value == null:
                    cost.Frequency = (string?)pair.Value;
                    break;
                default:
                    return null;
            }
        }

        return cost;
    }

    private static DataSourceLocation? LocationFrom(Dictionary<string, object?> members)
    {
        var location = new DataSourceLocation();
        foreach (var pair in members)
        {
            if (pair.Value != null && !(pair.Value is string))
            {
                return null;
            }

            var text = (string?)pair.Value;
            switch (pair.Key)
            {
                case "name":
                    location.Name = text;
                    break;
                case "street_address":
                    location.StreetAddress = text;
                    break;
                case "street_address_2":
                    location.StreetAddress2 = text;
                    break;
                case "locality_city":
                    location.LocalityCity = text;
                    break;
                case "state_province":
                    location.StateProvince = text;
                    break;
                case "postal_code":
                    location.PostalCode = text;
                    break;
                case "country":
                    location.Country = text;
                    break;
                default:
                    return null;
            }
        }

        return location;
    }

    // An array that turned out not to be all text: keep what was read and the rest as plain data.
    private static object?[] ReadRestOfArray(JsonReader reader, List<string> readSoFar, object? current)
    {
        var items = new List<object?>(readSoFar.Count + 4);
        foreach (var text in readSoFar)
        {
            items.Add(text);
        }

        items.Add(current);
        while (reader.Read() && reader.TokenType != JsonToken.EndArray)
        {
            items.Add(PlainJson.ReadValue(reader));
        }

        return items.ToArray();
    }
}
