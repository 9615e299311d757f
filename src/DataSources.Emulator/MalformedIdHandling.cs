namespace DataSources.Emulator;

/// <summary>What a value that is not an ObjectId gets where an <c>_id</c> is compared.</summary>
internal enum MalformedIdHandling
{
    /// <summary>500 "Cast to ObjectId failed ..." for the whole request, as Mongoose answers.</summary>
    CastError,

    /// <summary>Treated as an id that no source has.</summary>
    Unknown,
}
