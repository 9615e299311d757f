namespace DataSources.Client;

/// <summary>The wire type of a data source field.</summary>
public enum FieldKind
{
    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A JSON array of strings.</summary>
    StringArray,

    /// <summary>A JSON boolean.</summary>
    Boolean,

    /// <summary>A JSON number that may have a fraction.</summary>
    Number,

    /// <summary>A JSON number without a fraction.</summary>
    Integer,

    /// <summary>The <c>costPerTb</c> object: price, currency, frequency.</summary>
    CostPerTb,

    /// <summary>The <c>location</c> object: name, address lines, city, state, postal code, country.</summary>
    Location,

    /// <summary>A JSON array of objects (<c>owners</c>).</summary>
    ObjectArray,
}
