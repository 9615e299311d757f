namespace DataSources.Emulator;

internal sealed record PageInfo(int Skip, int Limit, int TotalCount);
