namespace DataSources.Emulator;

/// <summary>What MongoDB casts to an ObjectId: 24 hex digits of either case, the same id as its lower-case spelling.</summary>
internal static class ObjectIdText
{
    public static bool TryNormalize(string text, out string id)
    {
        id = text;
        if (text.Length != 24) return false;
        bool upper = false;
        foreach (char c in text)
        {
            if (c is >= 'A' and <= 'F') upper = true;
            else if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        }
        if (upper) id = text.ToLowerInvariant();
        return true;
    }

    /// <summary>Mongoose's 500 for a value that does not cast, word for word.</summary>
    public static ApiException CastError(string value) =>
        new(StatusCodes.Status500InternalServerError,
            $"Cast to ObjectId failed for value \"{value}\" (type string) at path \"_id\" for model \"DataSource\"");
}
