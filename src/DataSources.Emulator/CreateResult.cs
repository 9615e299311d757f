namespace DataSources.Emulator;

internal sealed record CreateResult(IReadOnlyList<StoredDataSource> Created, IReadOnlyList<CreateRefusal> Refused);
