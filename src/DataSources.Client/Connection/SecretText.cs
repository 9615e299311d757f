using System;
using System.Runtime.InteropServices;
using System.Security;

namespace DataSources.Client;

/// <summary>Turns a SecureString into text at the last moment, freeing the unmanaged copy at once, and text into one.</summary>
internal static class SecretText
{
    /// <summary>A read-only SecureString of the text (from an environment variable, or trimmed).</summary>
    public static SecureString Conceal(string text)
    {
        var secure = new SecureString();
        foreach (var character in text)
        {
            secure.AppendChar(character);
        }

        secure.MakeReadOnly();
        return secure;
    }

    public static string Reveal(SecureString secret)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
