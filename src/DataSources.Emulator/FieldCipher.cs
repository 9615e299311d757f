using System.Security.Cryptography;
using System.Text;

namespace DataSources.Emulator;

/// <summary>
/// Encrypts a stored value as a real server returns it, <c>AES/GCM/NoPadding|base64(nonce, ciphertext, tag)</c>,
/// with a key drawn at random for each process and a random nonce per value, so that no two are alike.
/// </summary>
internal static class FieldCipher
{
    public const string Prefix = "AES/GCM/NoPadding|";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [ThreadStatic]
    private static AesGcm? aes;

    public static string Encrypt(string clearText)
    {
        aes ??= new AesGcm(Key, TagSize);
        byte[] plain = Encoding.UTF8.GetBytes(clearText);
        byte[] sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        Span<byte> nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length));
        return Prefix + Convert.ToBase64String(sealedBytes);
    }
}
