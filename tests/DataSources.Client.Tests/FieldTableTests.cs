using System.Collections;
using System.Collections.Frozen;
using System.Reflection;
using Newtonsoft.Json.Linq;
using EmulatorKind = DataSources.Emulator.FieldKind;
using EmulatorSchema = DataSources.Emulator.DataSourceSchema;

namespace DataSources.Client.Tests;

/// <summary>
/// The field list is written in several places that must agree: the client's schema
/// (src/DataSources.Client/Schema/DataSourceSchema.cs), the accessor table (DataSourceAccessors.cs), the
/// DataSource properties (DataSource.cs) and the emulator's schema (src/DataSources.Emulator/DataSourceSchema.cs);
/// the location and cost keys in five more. These tests pin them to each other, each failure naming
/// the file to touch. The cmdlets' field parameters are pinned by tests/Module/FieldTable.Tests.ps1.
/// Not in the .NET Framework leg: it cannot load the emulator's assembly.
/// </summary>
public sealed class FieldTableTests
{
    private const string ClientSchemaFile = "src/DataSources.Client/Schema/DataSourceSchema.cs";
    private const string EmulatorSchemaFile = "src/DataSources.Emulator/DataSourceSchema.cs";

    private static readonly IReadOnlyList<DataSourceField> Fields = DataSourceSchema.Fields;

    [Fact]
    public void The_emulator_creates_exactly_the_creatable_fields_with_the_same_kinds() =>
        AssertSameFields(
            EmulatorFields("CreateFields"),
            Fields.Where(f => f.CanCreate).ToDictionary(f => f.JsonName, f => f.Kind),
            "creatable");

    [Fact]
    public void The_emulator_patches_exactly_the_patchable_fields_with_the_same_kinds() =>
        AssertSameFields(
            EmulatorFields("PatchFields"),
            Fields.Where(f => f.CanPatch).ToDictionary(f => f.JsonName, f => f.Kind),
            "patchable");

    [Fact]
    public void The_emulator_keeps_exactly_the_secret_fields_back() =>
        AssertSameNames(EmulatorSchema.SecretFields, Fields.Where(f => f.IsSecret).Select(f => f.JsonName), "secret (SecretFields)");

    [Fact]
    public void The_emulator_knows_the_same_patch_only_and_required_fields()
    {
        AssertSameNames(EmulatorSchema.PatchOnlyFields, Fields.Where(f => f.CanPatch && !f.CanCreate).Select(f => f.JsonName), "patch-only (PatchOnlyFields)");
        AssertSameNames((string[])EmulatorStatic("RequiredOnCreate"), Fields.Where(f => f.IsRequired).Select(f => f.JsonName), "required (RequiredOnCreate)");
    }

    [Fact]
    public void Every_non_secret_field_has_an_accessor_and_no_secret_has_one()
    {
        var missing = Fields.Where(f => !f.IsSecret && !DataSourceAccessors.ByJsonName.ContainsKey(f.JsonName)).Select(f => f.JsonName).ToList();
        Assert.True(missing.Count == 0, $"No accessor for {string.Join(", ", missing)}: add one to src/DataSources.Client/Schema/DataSourceAccessors.cs (a field the server returns must reach its DataSource property).");

        var secrets = DataSourceAccessors.All.Where(a => a.Field.IsSecret).Select(a => a.Field.JsonName).ToList();
        Assert.True(secrets.Count == 0, $"src/DataSources.Client/Schema/DataSourceAccessors.cs reads the secret {string.Join(", ", secrets)} into the model: remove it (a secret must never reach a DataSource).");
        Assert.Equal(DataSourceAccessors.All.Length, DataSourceAccessors.ByJsonName.Count);
    }

    [Fact]
    public void Every_non_secret_field_has_a_DataSource_property_and_every_property_a_field()
    {
        var properties = DataSourceProperties();
        var missing = Fields.Where(f => !f.IsSecret && !properties.ContainsKey(Normalize(f.JsonName))).Select(f => f.JsonName).ToList();
        Assert.True(missing.Count == 0, $"DataSource has no property for {string.Join(", ", missing)}: add one to src/DataSources.Client/Model/DataSource.cs, named as the JSON name in PascalCase.");

        var fieldNames = Fields.Where(f => !f.IsSecret).Select(f => Normalize(f.JsonName)).ToHashSet();
        var extra = properties.Keys.Where(p => !fieldNames.Contains(p)).Select(p => properties[p].Name).ToList();
        Assert.True(extra.Count == 0, $"DataSource has properties no non-secret field of {ClientSchemaFile} names: {string.Join(", ", extra)}. Add the field to the schema, or remove the property from src/DataSources.Client/Model/DataSource.cs.");
    }

    [Fact]
    public void Each_accessor_reads_its_field_into_its_own_property_and_gets_it_back()
    {
        var properties = DataSourceProperties();
        foreach (var accessor in DataSourceAccessors.All)
        {
            var field = accessor.Field;
            var source = Read(new JObject { [field.JsonName] = Sample(field) });
            Assert.True(source.AdditionalFields.Count == 0, $"The accessor of '{field.JsonName}' in src/DataSources.Client/Schema/DataSourceAccessors.cs does not read a {field.Kind} (its kind in {ClientSchemaFile}): use the reader of that kind.");

            var set = properties.Values.Where(p => p.GetValue(source) != null).Select(p => p.Name).ToList();
            var own = properties[Normalize(field.JsonName)];
            Assert.True(set.SequenceEqual([own.Name]), $"The accessor of '{field.JsonName}' in src/DataSources.Client/Schema/DataSourceAccessors.cs sets {string.Join(", ", set)}, not {own.Name}.");
            Assert.True(Equals(own.GetValue(source), accessor.Get(source)), $"The accessor of '{field.JsonName}' in src/DataSources.Client/Schema/DataSourceAccessors.cs gets another property than {own.Name}.");
        }
    }

    [Fact]
    public void The_location_keys_agree_everywhere() =>
        AssertNestedKeys("location", "LocationFields", typeof(DataSourceLocation), "src/DataSources.Client/Model/DataSourceLocation.cs");

    [Fact]
    public void The_cost_keys_agree_everywhere() =>
        AssertNestedKeys("costPerTb", "CostFields", typeof(DataSourceCost), "src/DataSources.Client/Model/DataSourceCost.cs");

    // One object's keys, written in the emulator's check, the model class, the wire reader (WireValues.cs),
    // the text writer (PlainJson.cs), the loose-input converter (FieldValueConverter.cs) and the name table
    // (Wire/JsonWire.cs): each must know every key the emulator knows.
    private static void AssertNestedKeys(string fieldName, string emulatorSet, Type model, string modelFile)
    {
        var keys = ((FrozenSet<string>)EmulatorStatic(emulatorSet)).Order(StringComparer.Ordinal).ToList();
        var modelProperties = model.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        AssertSameNames(keys.Select(Normalize), EmulatorSchemaFile, modelProperties.Select(p => Normalize(p.Name)), modelFile + " (its properties)", $"{fieldName} key");

        var full = new JObject();
        foreach (var key in keys)
        {
            full[key] = key == "price" ? 1.5 : key == "frequency" ? "year" : "text";
        }

        // The wire reader: every key lands in a property, none is left over as an unfit value.
        var read = Read(new JObject { [fieldName] = full });
        Assert.True(read.AdditionalFields.Count == 0, $"src/DataSources.Client/Wire/WireValues.cs does not read every {fieldName} key ({string.Join(", ", keys)}): add the missing case.");
        var readValue = DataSourceAccessors.ByJsonName[fieldName].Get(read)!;
        var unset = modelProperties.Where(p => p.GetValue(readValue) == null).Select(p => p.Name).ToList();
        Assert.True(unset.Count == 0, $"src/DataSources.Client/Wire/WireValues.cs does not read {string.Join(", ", unset)} of {fieldName}: add the case.");

        // The text writer: the JSON of a full object has exactly the emulator's keys.
        var written = JObject.Parse(readValue.ToString()!).Properties().Select(p => p.Name);
        AssertSameNames(keys, EmulatorSchemaFile, written, "src/DataSources.Client/Wire/PlainJson.cs (the text it writes)", $"{fieldName} key");

        // The loose-input converter: a hashtable with the wire keys fills every property.
        DataSourceSchema.TryGetField(fieldName, out var field);
        var table = new Hashtable();
        foreach (var key in keys)
        {
            table[key] = full[key]!.ToObject<object>();
        }

        const string converterFile = "src/DataSources.Client/Schema/FieldValueConverter.cs";
        object converted;
        try
        {
            converted = DataSourceSchema.ConvertValue(field!, table)!;
        }
        catch (DataSourceInputException refused)
        {
            throw new Xunit.Sdk.XunitException($"{converterFile} refuses a {fieldName} of the emulator's keys: add the key. ({refused.Message})");
        }

        var refusal = Assert.Throws<DataSourceInputException>(() => DataSourceSchema.ConvertValue(field!, new Hashtable { ["nonsense"] = "x" }));
        var unlisted = keys.Where(k => !refusal.Message.Contains(k, StringComparison.Ordinal)).ToList();
        Assert.True(unlisted.Count == 0, $"The message of {converterFile} for an unknown {fieldName} key does not list {string.Join(", ", unlisted)}: add them.");

        var notConverted = modelProperties.Where(p => p.GetValue(converted) == null).Select(p => p.Name).ToList();
        Assert.True(notConverted.Count == 0, $"{converterFile} does not take {string.Join(", ", notConverted)} of {fieldName}: add the key.");

        // The name table hands out one instance of every key.
        var names = JsonWire.CreateReader(new System.IO.StringReader("")).PropertyNameTable!;
        var unnamed = keys.Where(k => names.Get(k.ToCharArray(), 0, k.Length) == null).ToList();
        Assert.True(unnamed.Count == 0, $"The name table (src/DataSources.Client/Wire/JsonWire.cs) lacks {string.Join(", ", unnamed)}: add them to WireKeys in {modelFile}.");
    }

    private static void AssertSameFields(IReadOnlyDictionary<string, EmulatorKind> emulator, Dictionary<string, FieldKind> client, string which)
    {
        AssertSameNames(emulator.Keys, client.Keys, which);
        var differ = client.Where(c => ClientKindOf(emulator[c.Key]) != c.Value)
            .Select(c => $"{c.Key} ({c.Value} in the client, {emulator[c.Key]} in the emulator)")
            .ToList();
        Assert.True(differ.Count == 0, $"The {which} fields differ in kind: {string.Join(", ", differ)}. Make {ClientSchemaFile} and {EmulatorSchemaFile} agree.");
    }

    private static void AssertSameNames(IEnumerable<string> emulator, IEnumerable<string> client, string which) =>
        AssertSameNames(emulator, EmulatorSchemaFile, client, ClientSchemaFile, which);

    private static void AssertSameNames(IEnumerable<string> expected, string expectedFile, IEnumerable<string> actual, string actualFile, string which)
    {
        var inExpected = expected.ToHashSet(StringComparer.Ordinal);
        var inActual = actual.ToHashSet(StringComparer.Ordinal);
        var onlyExpected = inExpected.Except(inActual).Order(StringComparer.Ordinal).ToList();
        var onlyActual = inActual.Except(inExpected).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            onlyExpected.Count == 0 && onlyActual.Count == 0,
            $"The {which} names differ. Only in {expectedFile}: [{string.Join(", ", onlyExpected)}]; only in {actualFile}: [{string.Join(", ", onlyActual)}]. Add each to the other side (or remove it).");
    }

    // The emulator checks two more kinds than the client has: both are narrower values of a client kind.
    private static FieldKind ClientKindOf(EmulatorKind kind) => kind switch
    {
        EmulatorKind.OAuthType => FieldKind.Integer,
        EmulatorKind.SslType => FieldKind.String,
        _ => Enum.Parse<FieldKind>(kind.ToString()),
    };

    private static IReadOnlyDictionary<string, EmulatorKind> EmulatorFields(string name) =>
        (FrozenDictionary<string, EmulatorKind>)EmulatorStatic(name);

    private static object EmulatorStatic(string name) =>
        typeof(EmulatorSchema).GetField(name, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
        ?? throw new InvalidOperationException($"{EmulatorSchemaFile} has no static field {name}: this test reads it, rename it here too.");

    private static Dictionary<string, PropertyInfo> DataSourceProperties() =>
        typeof(DataSource).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != nameof(DataSource.AdditionalFields))
            .ToDictionary(p => Normalize(p.Name));

    // "_id" is Id, "accessKeyID" is AccessKeyId, "street_address_2" is StreetAddress2.
    private static string Normalize(string name) => name.Replace("_", "").ToLowerInvariant();

    private static JToken Sample(DataSourceField field) => field.Kind switch
    {
        FieldKind.String => field.JsonName == "date" ? "2024-05-06T07:08:09Z" : "text",
        FieldKind.StringArray => new JArray("a", "b"),
        FieldKind.Boolean => true,
        FieldKind.Number => 2.5,
        FieldKind.Integer => 7,
        FieldKind.CostPerTb => new JObject { ["price"] = 1.5 },
        FieldKind.Location => new JObject { ["name"] = "HQ" },
        FieldKind.ObjectArray => new JArray(new JObject { ["name"] = "dba" }),
        _ => throw new InvalidOperationException($"No sample of a {field.Kind} in tests/DataSources.Client.Tests/FieldTableTests.cs: add one."),
    };

    private static DataSource Read(JObject json)
    {
        using var reader = JsonWire.CreateReader(new StringReader(json.ToString()));
        reader.Read();
        return DataSourceReader.Read(reader);
    }
}
