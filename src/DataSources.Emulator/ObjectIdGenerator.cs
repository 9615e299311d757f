using System.Security.Cryptography;

namespace DataSources.Emulator;

/// <summary>
/// Ids of 24 lowercase hex digits, shaped like MongoDB's: 4 bytes of Unix seconds, then an
/// 8-byte counter that starts at a random value, so no two ids of one process are equal.
/// </summary>
internal sealed class ObjectIdGenerator
{
    private long counter = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue >> 8;

    public string Next()
    {
        uint seconds = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        ulong count = (ulong)Interlocked.Increment(ref counter);
        return $"{seconds:x8}{count:x16}";
    }
}
