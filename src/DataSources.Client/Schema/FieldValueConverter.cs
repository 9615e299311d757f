using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Security;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>Turns loose input into a field's wire type; behind <see cref="DataSourceSchema.ConvertValue"/>.</summary>
internal static class FieldValueConverter
{
    public static object? Convert(DataSourceField field, object? value)
    {
        if (value == null)
        {
            return null;
        }

        if (value is SecureString)
        {
            return field.IsSecret
                ? value
                : throw Problem(field, "only secret fields take a SecureString");
        }

        switch (field.Kind)
        {
            case FieldKind.String:
                return field.JsonName == "port" ? ToPort(field, value) : ToText(field, value);
            case FieldKind.StringArray:
                return ToStringArray(field, value);
            case FieldKind.Boolean:
                return ToBoolean(field, value);
            case FieldKind.Number:
                return ToNumber(field, value);
            case FieldKind.Integer:
                return ToInteger(field, value);
            case FieldKind.CostPerTb:
                return ToCost(field, value);
            case FieldKind.Location:
                return ToLocation(field, value);
            case FieldKind.ObjectArray:
                return ToObjectArray(field, value);
            default:
                throw new InvalidOperationException("Unknown field kind " + field.Kind + ".");
        }
    }

    private static DataSourceInputException Problem(DataSourceField field, string problem) =>
        new DataSourceInputException($"Field '{field.JsonName}': {problem}.");

    private static string ToText(DataSourceField field, object value)
    {
        switch (value)
        {
            case string text:
                RefuseTypeName(field, text);
                return text;
            case bool flag:
                return flag ? "true" : "false";
            case char character:
                return character.ToString();
            case Guid guid:
                return guid.ToString();
            case Enum _:
                return value.ToString();
            default:
                if (IsNumber(value))
                {
                    return ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture);
                }

                throw Problem(field, $"expected text, got {Describe(value)}");
        }
    }

    // Text on the wire ([vendor]), but a TCP port: what -Port's range refuses is refused from a row
    // too, before it is sent. Empty clears it.
    private static string ToPort(DataSourceField field, object value)
    {
        var text = ToText(field, value);
        if (text.Length == 0
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port >= 1 && port <= 65535))
        {
            return text;
        }

        throw Problem(field, $"'{Shorten(text)}' is not a port: give a whole number from 1 to 65535");
    }

    private static string[] ToStringArray(DataSourceField field, object value)
    {
        switch (value)
        {
            case string[] strings when Array.IndexOf(strings, null) < 0:
                return strings;
            case string text:
                RefuseTypeName(field, text);
                return ListText.Parse(text);
            case IDictionary _:
                throw Problem(field, $"expected a list of text, got {Describe(value)}");
            case IEnumerable items:
                var list = new List<string>();
                foreach (var item in items)
                {
                    if (item == null)
                    {
                        throw Problem(field, "the list holds a null value");
                    }

                    list.Add(ToText(field, item));
                }

                return list.ToArray();
            default:
                return new[] { ToText(field, value) };
        }
    }

    private static bool ToBoolean(DataSourceField field, object value)
    {
        switch (value)
        {
            case bool flag:
                return flag;
            case string text:
                switch (text.Trim().ToLowerInvariant())
                {
                    case "true":
                    case "1":
                        return true;
                    case "false":
                    case "0":
                        return false;
                    default:
                        throw Problem(field, $"expected true, false, 1 or 0, got '{text}'");
                }

            default:
                if (IsInteger(value))
                {
                    var number = System.Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                    if (number == 0 || number == 1)
                    {
                        return number == 1;
                    }
                }

                throw Problem(field, $"expected true, false, 1 or 0, got {Describe(value)}");
        }
    }

    private static double ToNumber(DataSourceField field, object value)
    {
        double number;
        if (value is string text)
        {
            number = NumberText.Read(text, CultureInfo.CurrentCulture, out var problem) ?? throw Problem(field, problem!);
        }
        else if (IsNumber(value))
        {
            number = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
        }
        else
        {
            throw Problem(field, $"expected a number, got {Describe(value)}");
        }

        return double.IsNaN(number) || double.IsInfinity(number)
            ? throw Problem(field, "expected a finite number")
            : number;
    }

    private static long ToInteger(DataSourceField field, object value)
    {
        if (value is string text)
        {
            return long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw Problem(field, $"expected a whole number, got '{text}'");
        }

        if (IsInteger(value))
        {
            try
            {
                return System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                throw Problem(field, $"{value} is too large");
            }
        }

        if (IsNumber(value))
        {
            var number = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
            if (Math.Floor(number) == number && Math.Abs(number) < 9e15)
            {
                return (long)number;
            }
        }

        throw Problem(field, $"expected a whole number, got {Describe(value)}");
    }

    private static DataSourceCost ToCost(DataSourceField field, object value)
    {
        if (value is DataSourceCost cost)
        {
            return cost;
        }

        var result = new DataSourceCost();
        foreach (var pair in ToObject(field, value))
        {
            switch (NormalizeKey(pair.Key))
            {
                case "price":
                    result.Price = pair.Value == null ? (double?)null : ToNumber(Member(field, "price"), pair.Value);
                    break;
                case "currency":
                    result.Currency = pair.Value == null ? null : ToText(Member(field, "currency"), pair.Value);
                    break;
                case "frequency":
                    result.Frequency = pair.Value == null ? null : ToText(Member(field, "frequency"), pair.Value);
                    break;
                default:
                    throw Problem(field, $"unknown key '{pair.Key}' (expected {string.Join(", ", DataSourceCost.WireKeys)})");
            }
        }

        return result;
    }

    private static DataSourceLocation ToLocation(DataSourceField field, object value)
    {
        if (value is DataSourceLocation location)
        {
            return location;
        }

        var result = new DataSourceLocation();
        foreach (var pair in ToObject(field, value))
        {
            var text = pair.Value == null ? null : ToText(Member(field, pair.Key), pair.Value);
            switch (NormalizeKey(pair.Key))
            {
                case "name":
                    result.Name = text;
                    break;
                case "streetaddress":
                    result.StreetAddress = text;
                    break;
                case "streetaddress2":
                    result.StreetAddress2 = text;
                    break;
                case "localitycity":
                    result.LocalityCity = text;
                    break;
                case "stateprovince":
                    result.StateProvince = text;
                    break;
                case "postalcode":
                    result.PostalCode = text;
                    break;
                case "country":
                    result.Country = text;
                    break;
                default:
                    throw Problem(
                        field,
                        $"unknown key '{pair.Key}' (expected {string.Join(", ", DataSourceLocation.WireKeys)})");
            }
        }

        return result;
    }

    private static IReadOnlyList<IReadOnlyDictionary<string, object?>> ToObjectArray(DataSourceField field, object? value)
    {
        if (value is string text)
        {
            value = ParseJson(field, text);
        }

        if (value is IDictionary single)
        {
            return new[] { ToPlainObject(field, single) };
        }

        if (!(value is IEnumerable items))
        {
            throw Problem(field, $"expected a list of objects, got {Describe(value)}");
        }

        var list = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var item in items)
        {
            list.Add(item is IDictionary dictionary
                ? ToPlainObject(field, dictionary)
                : throw Problem(field, $"expected a list of objects, but an entry is {Describe(item)}"));
        }

        return list.ToArray();
    }

    private static IReadOnlyDictionary<string, object?> ToPlainObject(DataSourceField field, IDictionary dictionary)
    {
        var result = new Dictionary<string, object?>(dictionary.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dictionary)
        {
            result[entry.Key as string ?? throw Problem(field, "an object key is not text")] = ToPlainValue(field, entry.Value);
        }

        return result;
    }

    // Nested values become what JSON can carry, so a value of an odd type fails here, naming the field, not while sending.
    private static object? ToPlainValue(DataSourceField field, object? value)
    {
        switch (value)
        {
            case null:
            case string _:
            case bool _:
                return value;
            case IDictionary dictionary:
                return ToPlainObject(field, dictionary);
            case IEnumerable items:
                var list = new List<object?>();
                foreach (var item in items)
                {
                    list.Add(ToPlainValue(field, item));
                }

                return list.ToArray();
            default:
                return IsNumber(value)
                    ? value
                    : throw Problem(field, $"{Describe(value)} cannot be sent as JSON");
        }
    }

    // Dictionaries (PowerShell hashtables) or JSON object text, e.g. a CSV cell.
    private static IEnumerable<KeyValuePair<string, object?>> ToObject(DataSourceField field, object? value)
    {
        if (value is string text)
        {
            value = ParseJson(field, text);
        }

        if (!(value is IDictionary dictionary))
        {
            throw Problem(field, $"expected an object (a hashtable or JSON text), got {Describe(value)}");
        }

        var pairs = new List<KeyValuePair<string, object?>>(dictionary.Count);
        foreach (DictionaryEntry entry in dictionary)
        {
            pairs.Add(new KeyValuePair<string, object?>(
                entry.Key as string ?? throw Problem(field, "an object key is not text"),
                entry.Value));
        }

        return pairs;
    }

    private static object? ParseJson(DataSourceField field, string text)
    {
        RefuseTypeName(field, text);
        if (text.StartsWith("@{", StringComparison.Ordinal))
        {
            throw Problem(field, $"'{Shorten(text)}' is PowerShell's text of an object, not the object: write it as JSON (ConvertTo-Json), or give a hashtable");
        }

        try
        {
            using (var reader = JsonWire.CreateReader(new System.IO.StringReader(text)))
            {
                if (!reader.Read())
                {
                    throw Problem(field, "expected JSON text, got an empty string");
                }

                var value = PlainJson.ReadValue(reader);
                if (reader.Read())
                {
                    throw Problem(field, "the JSON text goes on after its value");
                }

                return value;
            }
        }
        catch (JsonException exception)
        {
            throw new DataSourceInputException($"Field '{field.JsonName}': the text is not valid JSON ({exception.Message}).", exception);
        }
    }

    // What Export-Csv writes for a value it cannot show (a list, an object): the type's name, such as
    // System.String[] or System.Collections.Hashtable. Taken as text it would be stored without a word.
    // A one-dot name ("Microsoft.Azure") is left alone: it may well be a value.
    private static readonly System.Text.RegularExpressions.Regex TypeName = new System.Text.RegularExpressions.Regex(
        @"^(System|Microsoft|DataSources|Newtonsoft)(\.[A-Za-z_][A-Za-z0-9_]*)+((`\d+)?\[.*\]|(\.[A-Za-z_][A-Za-z0-9_]*))$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static void RefuseTypeName(DataSourceField field, string text)
    {
        if (text.Length > 7 && (text[0] == 'S' || text[0] == 'M' || text[0] == 'D' || text[0] == 'N') && TypeName.IsMatch(text))
        {
            throw Problem(field, $"'{Shorten(text)}' is the name of a .NET type, not a value: the data was written out without its values (for example a list exported by an older tool)");
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 60) + "...";

    // "street_address_2", "StreetAddress2" and "streetAddress2" are the same key.
    private static string NormalizeKey(string key) => key.Replace("_", string.Empty).ToLowerInvariant();

    private static DataSourceField Member(DataSourceField field, string key) =>
        new DataSourceField(field.JsonName + "." + key, FieldKind.String, FieldAccess.None);

    private static bool IsInteger(object value) =>
        value is int || value is long || value is short || value is byte || value is sbyte
        || value is uint || value is ulong || value is ushort;

    private static bool IsNumber(object value) =>
        IsInteger(value) || value is double || value is float || value is decimal;

    private static string Describe(object? value) =>
        value switch
        {
            null => "null",
            string text => $"'{text}'",
            _ => $"a value of type {value.GetType().Name}",
        };
}
