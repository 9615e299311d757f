namespace DataSources
{
    /// <summary>The <c>costPerTb</c> object of a data source.</summary>
    public sealed class DataSourceCost
    {
        /// <summary>The price per terabyte.</summary>
        public double? Price { get; set; }

        /// <summary>The currency code, e.g. <c>USD</c>.</summary>
        public string? Currency { get; set; }

        /// <summary>How often the price is due: <c>month</c>, <c>day</c>, <c>week</c> or <c>year</c>.</summary>
        public string? Frequency { get; set; }

        /// <inheritdoc />
        public override string ToString() =>
            Price.HasValue
                ? Price.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + Currency + "/" + Frequency
                : string.Empty;
    }
}
