using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Security;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>JSON as plain .NET data (dictionaries, arrays, primitives), never JToken, so no Newtonsoft type escapes.</summary>
internal static class PlainJson
{
    /// <summary>Reads the value at the reader's current token, leaving the reader on its last token.</summary>
    public static object? ReadValue(JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonToken.StartObject:
                var dictionary = new PlainObject();
                while (Next(reader) == JsonToken.PropertyName)
                {
                    var name = (string)reader.Value!;
                    Next(reader);
                    dictionary[name] = ReadValue(reader);
                }

                return dictionary;
            case JsonToken.StartArray:
                var list = new List<object?>();
                while (Next(reader) != JsonToken.EndArray)
                {
                    list.Add(ReadValue(reader));
                }

                return list.ToArray();
            case JsonToken.String:
            case JsonToken.Integer:
            case JsonToken.Float:
            case JsonToken.Boolean:
            case JsonToken.Null:
            case JsonToken.Undefined:
                return reader.Value;
            default:
                throw new JsonReaderException($"Unexpected {reader.TokenType} at '{reader.Path}'.");
        }
    }

    /// <summary>Writes plain data back; SecureStrings (secret fields) become text only here.</summary>
    [MethodImpl(JitOptions.FullyOptimized)]
    public static void Write(JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull();
                break;
            case string text:
                writer.WriteValue(text);
                break;
            case bool flag:
                writer.WriteValue(flag);
                break;
            case long number:
                writer.WriteValue(number);
                break;
            case double number:
                writer.WriteValue(number);
                break;
            case SecureString secret:
                writer.WriteValue(SecretText.Reveal(secret));
                break;
            case DataSourceCost cost:
                WriteCost(writer, cost);
                break;
            case DataSourceLocation location:
                WriteLocation(writer, location);
                break;
            case IReadOnlyDictionary<string, object?> plain:
                writer.WriteStartObject();
                foreach (var pair in plain)
                {
                    writer.WritePropertyName(pair.Key);
                    Write(writer, pair.Value);
                }

                writer.WriteEndObject();
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                    Write(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteValue(value);
                break;
        }
    }

    /// <summary>Plain data as compact JSON text.</summary>
    public static string ToText(object? value)
    {
        using (var text = new System.IO.StringWriter(System.Globalization.CultureInfo.InvariantCulture))
        {
            using (var writer = JsonWire.CreateWriter(text))
            {
                Write(writer, value);
            }

            return text.ToString();
        }
    }

    /// <summary>Reads text that is exactly one JSON value, as plain data; false for anything else.</summary>
    public static bool TryParse(string text, out object? value)
    {
        value = null;
        try
        {
            using (var reader = JsonWire.CreateReader(new System.IO.StringReader(text)))
            {
                if (!reader.Read())
                {
                    return false;
                }

                value = ReadValue(reader);
                return !reader.Read();
            }
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads text that is exactly one JSON array of strings; false for anything else.</summary>
    public static bool TryParseStrings(string text, out string[] items)
    {
        items = Array.Empty<string>();
        if (!TryParse(text, out var parsed) || !(parsed is object?[] values))
        {
            return false;
        }

        var strings = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!(values[i] is string item))
            {
                return false;
            }

            strings[i] = item;
        }

        items = strings;
        return true;
    }

    private static void WriteCost(JsonWriter writer, DataSourceCost cost)
    {
        writer.WriteStartObject();
        if (cost.Price.HasValue)
        {
            writer.WritePropertyName("price");
            writer.WriteValue(cost.Price.Value);
        }

        WriteText(writer, "currency", cost.Currency);
        WriteText(writer, "frequency", cost.Frequency);
        writer.WriteEndObject();
    }

    private static void WriteLocation(JsonWriter writer, DataSourceLocation location)
    {
        writer.WriteStartObject();
        WriteText(writer, "name", location.Name);
        WriteText(writer, "street_address", location.StreetAddress);
        WriteText(writer, "street_address_2", location.StreetAddress2);
        WriteText(writer, "locality_city", location.LocalityCity);
        WriteText(writer, "state_province", location.StateProvince);
        WriteText(writer, "postal_code", location.PostalCode);
        WriteText(writer, "country", location.Country);
        writer.WriteEndObject();
    }

    // An unset member is left out rather than sent as null: the server types them as strings.
    private static void WriteText(JsonWriter writer, string name, string? value)
    {
        if (value != null)
        {
            writer.WritePropertyName(name);
            writer.WriteValue(value);
        }
    }

    private static JsonToken Next(JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonReaderException($"The JSON ends early at '{reader.Path}'.");
}
