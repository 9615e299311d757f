using System;
using System.Runtime.InteropServices;
using System.Security;

namespace DataSources.Client;

/// <summary>Turns a SecureString into text at the last moment, freeing the unmanaged copy at once.</summary>
internal static class SecretText
{
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
