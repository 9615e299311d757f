using System.Linq;

namespace DataSources;

/// <summary>The <c>costPerTb</c> object of a data source.</summary>
public sealed class DataSourceCost
{
    /// <summary>The object's keys on the wire, in the API's order: the name table and the errors list them from here.</summary>
    internal static readonly string[] WireKeys = { "price", "currency", "frequency" };

    /// <summary>The price per terabyte.</summary>
    public double? Price { get; set; }

    /// <summary>The currency code, e.g. <c>USD</c>.</summary>
    public string? Currency { get; set; }

    /// <summary>How often the price is due: <c>month</c>, <c>day</c>, <c>week</c> or <c>year</c>.</summary>
    public string? Frequency { get; set; }

    /// <summary>The keys this object leaves out, which a PATCH of it leaves the stored object without: it is stored whole.</summary>
    internal string[] KeysNotGiven()
    {
        var given = new object?[] { Price, Currency, Frequency };
        return WireKeys.Where((key, index) => given[index] == null).ToArray();
    }

    /// <summary>
    /// The object as JSON with the API's member names, e.g. <c>{"price":12.5,"currency":"USD","frequency":"month"}</c>:
    /// the text Export-Csv writes, which New-DataSource and Set-DataSource read back.
    /// </summary>
    public override string ToString() => Client.PlainJson.ToText(this);
}
