namespace DataSources.Emulator;

/// <summary>What GET and PATCH of an id that no source has answer.</summary>
internal enum UnknownIdAnswer
{
    NotFound,
    BadRequest,

    /// <summary>200 with <c>data: null</c>.</summary>
    Null,

    ServerError,
}
