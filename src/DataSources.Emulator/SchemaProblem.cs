namespace DataSources.Emulator;

/// <summary>One broken schema rule: where in the body (<c>/0/port</c>, or empty for the body itself) and what is wrong.</summary>
internal sealed record SchemaProblem(string Path, string Text)
{
    /// <summary>As the envelope lists it: <c>/0/port: must be a string.</c></summary>
    public override string ToString() => $"{(Path.Length == 0 ? "body" : Path)}: {Text}.";

    /// <summary>As Fastify's validation message words it: <c>body/0/port must be a string</c>.</summary>
    public string ToFastify() => $"body{Path} {Text}";
}
