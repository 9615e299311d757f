namespace DataSources.Emulator;

/// <summary>
/// What a create stored, and why it did not store the rest: a refusal per item (<see cref="DuplicateHandling.PerItem"/>),
/// or the one duplicate that stopped the request.
/// </summary>
internal sealed record CreateResult(IReadOnlyList<StoredDataSource> Created, IReadOnlyList<CreateRefusal> Refused, DuplicateKey? Duplicate);
