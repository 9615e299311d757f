namespace DataSources.Emulator;

/// <summary>What a key outside the schema of a create item or PATCH body gets.</summary>
internal enum UnknownKeyHandling
{
    Reject,

    /// <summary>Silently removed, as Fastify's AJV does by default.</summary>
    Strip,
}
