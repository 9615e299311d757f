using System.Linq;

namespace DataSources;

/// <summary>The <c>location</c> object of a data source.</summary>
public sealed class DataSourceLocation
{
    /// <summary>The object's keys on the wire, in the API's order: the name table and the errors list them from here.</summary>
    internal static readonly string[] WireKeys =
        { "name", "street_address", "street_address_2", "locality_city", "state_province", "postal_code", "country" };

    /// <summary>The location's name (<c>name</c>).</summary>
    public string? Name { get; set; }

    /// <summary><c>street_address</c>.</summary>
    public string? StreetAddress { get; set; }

    /// <summary><c>street_address_2</c>.</summary>
    public string? StreetAddress2 { get; set; }

    /// <summary><c>locality_city</c>.</summary>
    public string? LocalityCity { get; set; }

    /// <summary><c>state_province</c>.</summary>
    public string? StateProvince { get; set; }

    /// <summary><c>postal_code</c>.</summary>
    public string? PostalCode { get; set; }

    /// <summary><c>country</c>.</summary>
    public string? Country { get; set; }

    /// <summary>The keys this object leaves out, which a PATCH of it leaves the stored object without: it is stored whole.</summary>
    internal string[] KeysNotGiven()
    {
        var given = new[] { Name, StreetAddress, StreetAddress2, LocalityCity, StateProvince, PostalCode, Country };
        return WireKeys.Where((key, index) => given[index] == null).ToArray();
    }

    /// <summary>
    /// The object as JSON with the API's member names (<c>street_address</c>, ...): the text Export-Csv
    /// writes, which New-DataSource and Set-DataSource read back.
    /// </summary>
    public override string ToString() => Client.PlainJson.ToText(this);
}
