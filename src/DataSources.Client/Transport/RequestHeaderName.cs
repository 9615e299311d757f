using System;

namespace DataSources.Client;

/// <summary>Which names a user may add as headers: HTTP tokens, and none the client or HttpClient sets itself.</summary>
internal static class RequestHeaderName
{
    // Set by the client on every request (the bearer token, the body's type) or by HttpClient from the
    // message itself: a user value would break the request or fight the client's own.
    private static readonly string[] Reserved =
    {
        "Authorization", "Content-Type", "Content-Length", "Host", "Connection", "Transfer-Encoding", "Expect",
        "Accept", "Accept-Encoding", "User-Agent", "Cookie", "Keep-Alive", "Upgrade", "TE", "Trailer",
    };

    private static readonly char[] LineBreakOrNul = { '\r', '\n', '\0' };

    public static void Check(string name)
    {
        if (string.IsNullOrEmpty(name) || !IsToken(name))
        {
            throw new DataSourceInputException($"'{name}' is not a header name: use letters, digits and - (e.g. CF-Access-Client-Id).");
        }

        foreach (var reserved in Reserved)
        {
            if (string.Equals(reserved, name, StringComparison.OrdinalIgnoreCase))
            {
                throw new DataSourceInputException($"The header '{name}' is set by the module itself and cannot be given.");
            }
        }
    }

    /// <summary>
    /// Refuses a value with a line break or NUL: sent as it is, it would end the header early and
    /// the rest would go out as headers of its own, ahead of the login body. The value is not
    /// shown: it may be a secret.
    /// </summary>
    public static void CheckValue(string name, string value)
    {
        if (value.IndexOfAny(LineBreakOrNul) >= 0)
        {
            throw new DataSourceInputException($"The value of the header '{name}' holds a line break or NUL character, which would end the header early: give it on one line.");
        }
    }

    // RFC 9110 token characters.
    private static bool IsToken(string name)
    {
        foreach (var c in name)
        {
            var ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0;
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
