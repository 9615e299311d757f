namespace DataSources.Emulator;

/// <summary>The first item of a create whose unique index already holds its value, and that index (<c>resourceName_1</c> or <c>fqdnId_1</c>).</summary>
internal sealed record DuplicateKey(int Index, string IndexName);
