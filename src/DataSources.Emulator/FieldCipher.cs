using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DataSources.Emulator;

/// <summary>
/// Encrypts a stored value as a real server returns it, <c>AES/GCM/NoPadding|base64(nonce, ciphertext, tag)</c>,
/// with a key drawn at random for each process. Each nonce is a random prefix of the process and a
/// counter (GCM's deterministic construction), so no two values are sealed alike, without a call to
/// the system's random source per value, which costs more than the seal itself.
/// </summary>
internal static class FieldCipher
{
    public const string Prefix = "AES/GCM/NoPadding|";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly uint NoncePrefix = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));
    private static long nonceCounter;

    [ThreadStatic]
    private static AesGcm? aes;

    public static string Encrypt(string clearText)
    {
        aes ??= new AesGcm(Key, TagSize);
        byte[] plain = Encoding.UTF8.GetBytes(clearText);
        byte[] sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        Span<byte> nonce = sealedBytes.AsSpan(0, NonceSize);
        BinaryPrimitives.WriteUInt32BigEndian(nonce, NoncePrefix);
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], Interlocked.Increment(ref nonceCounter));
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length));
        return Prefix + Convert.ToBase64String(sealedBytes);
    }
}
