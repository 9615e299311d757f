namespace DataSources.Emulator;

/// <summary>
/// The body of <c>POST /_emulator/faults</c>. Every field is optional; posting faults means
/// wanting them, so <see cref="Rate"/> defaults to every matching request.
/// </summary>
internal sealed record FaultSettings
{
    public double Rate { get; init; } = 1;

    public int[] Statuses { get; init; } = [];

    public int RetryAfterSeconds { get; init; } = 1;

    public int LatencyMs { get; init; }

    /// <summary><c>none</c>, <c>before</c> (the request is not applied) or <c>after</c> (applied, answer lost).</summary>
    public string Drop { get; init; } = "none";

    public bool Html { get; init; }

    /// <summary>Patterns over <c>METHOD route-template</c>, e.g. <c>PATCH *</c>.</summary>
    public string[] Routes { get; init; } = ["*"];

    public IEnumerable<string> Problems()
    {
        if (Rate is < 0 or > 1) yield return "rate must be between 0 and 1.";
        foreach (int status in Statuses.Where(s => s is < 400 or > 599))
            yield return $"statuses: {status} is not an error status (400-599).";
        if (RetryAfterSeconds < 0) yield return "retryAfterSeconds must be at least 0.";
        if (LatencyMs < 0) yield return "latencyMs must be at least 0.";
        if (Drop is not ("none" or "before" or "after")) yield return "drop must be none, before or after.";
        if (Routes.Length == 0) yield return "routes needs at least one pattern.";
    }
}
