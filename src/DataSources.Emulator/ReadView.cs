namespace DataSources.Emulator;

/// <summary>The switches that change what a read returns of a stored source; each combination is rendered once per version.</summary>
[Flags]
internal enum ReadView
{
    /// <summary>The harshest: <c>userName</c>/<c>accessId</c> encrypted, patch-only fields left out, owners as <c>{}</c>.</summary>
    Default = 0,
    ClearText = 1,
    PatchOnlyFields = 2,
    Owners = 4,
}
