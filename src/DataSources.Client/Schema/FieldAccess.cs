using System;

namespace DataSources.Client;

/// <summary>How a field may be used; the flags behind <see cref="DataSourceField"/>.</summary>
[Flags]
internal enum FieldAccess
{
    None = 0,
    Create = 1,
    Patch = 2,
    Secret = 4,
    ReadOnly = 8,
    Required = 16,
    CreateAndPatch = Create | Patch,
}
