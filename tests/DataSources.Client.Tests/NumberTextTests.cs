using System.Globalization;

namespace DataSources.Client.Tests;

/// <summary>A number given as text, read as the user's culture would write it (Export-Csv writes "2,5" in de-DE) or with a period for decimals.</summary>
public sealed class NumberTextTests
{
    private static object? CapacityIn(string culture, string text)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture.Length == 0 ? CultureInfo.InvariantCulture : new CultureInfo(culture);
        try
        {
            DataSourceSchema.TryGetField("totalCapacity", out var field);
            return DataSourceSchema.ConvertValue(field!, text);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    private static string ProblemIn(string culture, string text) =>
        Assert.Throws<DataSourceInputException>(() => CapacityIn(culture, text)).Message;

    [Theory]
    [InlineData("", "2.5", 2.5)]
    [InlineData("en-US", " 2.5 ", 2.5)]
    [InlineData("en-US", "1e3", 1000.0)]
    [InlineData("en-US", "2.500", 2.5)]
    [InlineData("de-DE", "2,5", 2.5)]
    [InlineData("de-DE", "-0,5", -0.5)]
    [InlineData("de-DE", "1,5E-07", 1.5e-7)]
    [InlineData("de-DE", "12345678,9", 12345678.9)]
    [InlineData("de-DE", "2.5", 2.5)]
    [InlineData("de-DE", "2500", 2500.0)]
    [InlineData("fr-FR", "2,5", 2.5)]
    public void Text_is_read_with_a_period_for_decimals_or_as_the_culture_writes_it(string culture, string text, double expected) =>
        Assert.Equal(expected, CapacityIn(culture, text));

    [Fact]
    public void What_export_csv_writes_in_a_comma_culture_reads_back_to_the_same_number()
    {
        var german = new CultureInfo("de-DE");
        foreach (var number in new[] { 2.5, 0.1, 1234.5678, 1e-7, 1e20, -3.25, 7.0 })
        {
            Assert.Equal(number, CapacityIn("de-DE", number.ToString(german)));
        }
    }

    [Theory]
    [InlineData("", "2,5")]
    [InlineData("en-US", "2,5")]
    [InlineData("en-US", "1,000")]
    public void A_comma_where_decimals_take_a_period_is_refused_saying_so(string culture, string text) =>
        Assert.Equal(
            $"Field 'totalCapacity': expected a number with a period for decimals and no separators between thousands, got '{text}'.",
            ProblemIn(culture, text));

    [Fact]
    public void Periods_that_group_thousands_in_the_culture_are_refused_as_ambiguous() =>
        Assert.Equal(
            "Field 'totalCapacity': '2.500' could be 2.5 or 2500 (as de-DE groups thousands): write 2,5 or 2500.",
            ProblemIn("de-DE", "2.500"));

    [Theory]
    [InlineData("de-DE", "2.500,5")]
    [InlineData("de-DE", "12,5 TB")]
    [InlineData("", "")]
    public void Other_text_is_no_number(string culture, string text) =>
        Assert.Equal($"Field 'totalCapacity': expected a number, got '{text}'.", ProblemIn(culture, text));
}
