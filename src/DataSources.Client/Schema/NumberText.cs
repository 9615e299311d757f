using System.Globalization;
using System.Text.RegularExpressions;

namespace DataSources.Client;

/// <summary>
/// How a number written as text (a CSV cell, a parameter given a string) is read: with a period
/// for decimals, or else as the user's culture writes it, which is how Export-Csv writes numbers
/// there ("2,5" in de-DE), so that a file exported on a German machine reads back. No separators
/// between thousands in either: where decimals take a period, "1,000" is refused, not taken for 1000.
/// </summary>
internal static class NumberText
{
    private static readonly Regex ThousandsWithPeriods = new Regex(@"^[+-]?[0-9]{1,3}(\.[0-9]{3})+$", RegexOptions.CultureInvariant);

    /// <summary>The number, or null with <paramref name="problem"/> saying why the text is none.</summary>
    public static double? Read(string text, CultureInfo culture, out string? problem)
    {
        var trimmed = text.Trim();
        var format = culture.NumberFormat;
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            // "2.500" is 2.5 with a period for decimals, and 2500 to a reader whose culture
            // groups thousands with periods: which one was meant, the text cannot say.
            if (format.NumberGroupSeparator == "." && format.NumberDecimalSeparator != "." && ThousandsWithPeriods.IsMatch(trimmed))
            {
                var grouped = trimmed.Replace(".", string.Empty);
                problem = $"'{text}' could be {number.ToString(CultureInfo.InvariantCulture)} or {grouped} (as {culture.Name} groups thousands): write {number.ToString(culture)} or {grouped}";
                return null;
            }

            problem = null;
            return number;
        }

        if (format.NumberDecimalSeparator != "." && double.TryParse(trimmed, NumberStyles.Float, format, out number))
        {
            problem = null;
            return number;
        }

        problem = trimmed.IndexOf(',') >= 0 && format.NumberDecimalSeparator == "."
            ? $"expected a number with a period for decimals and no separators between thousands, got '{text}'"
            : $"expected a number, got '{text}'";
        return null;
    }
}
