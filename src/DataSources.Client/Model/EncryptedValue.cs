using System.Text.RegularExpressions;

namespace DataSources.Client;

/// <summary>
/// Values a real server returns encrypted instead of in clear ([field]: <c>userName</c> and
/// <c>accessId</c> read back as <c>AES/GCM/NoPadding|&lt;base64&gt;</c>). Such a value is the server's
/// ciphertext, not the credential: sent to another catalog, or back, it would replace the real one.
/// </summary>
internal static class EncryptedValue
{
    // Java's "algorithm/mode/padding" transformation name, a bar, then the payload.
    private static readonly Regex Ciphertext = new Regex(@"^[A-Z][A-Za-z0-9]*/[A-Z][A-Za-z0-9]*/[A-Za-z0-9]+Padding\|", RegexOptions.CultureInvariant);

    public static bool IsCiphertext(object? value) => value is string text && text.Length > 8 && text.IndexOf('|') > 0 && Ciphertext.IsMatch(text);
}
