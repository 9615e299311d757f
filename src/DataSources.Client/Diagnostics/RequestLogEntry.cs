using System;
using System.Globalization;

namespace DataSources.Client;

/// <summary>One attempt of one HTTP request.</summary>
internal sealed class RequestLogEntry
{
    internal RequestLogEntry(string method, string path, int? status, TimeSpan duration, int attempt, string? outcome)
    {
        Method = method;
        Path = path;
        Status = status;
        Duration = duration;
        Attempt = attempt;
        Outcome = outcome;
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path and query, e.g. <c>/api/public/v1/data-sources/filter?skip=0&amp;limit=1000</c>.</summary>
    public string Path { get; }

    /// <summary>The HTTP status, or null when no answer came.</summary>
    public int? Status { get; }

    /// <summary>From sending to the end of reading the answer.</summary>
    public TimeSpan Duration { get; }

    /// <summary>1 for the first attempt, 2 for the first retry, and so on.</summary>
    public int Attempt { get; }

    /// <summary>Null when an answer was used as is; otherwise what happened, e.g. <c>retrying in 1.2 s</c>.</summary>
    public string? Outcome { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = string.Format(
            CultureInfo.InvariantCulture,
            "{0} {1} {2} {3:0} ms (attempt {4})",
            Method,
            Path,
            Status?.ToString(CultureInfo.InvariantCulture) ?? "-",
            Duration.TotalMilliseconds,
            Attempt);
        return Outcome == null ? text : text + ": " + Outcome;
    }
}
