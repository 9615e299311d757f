namespace DataSources.Emulator;

/// <summary>One item a create request could not create, as the 207/400 message lists it.</summary>
internal sealed record CreateRefusal(int Index, string ResourceName, string Message);
