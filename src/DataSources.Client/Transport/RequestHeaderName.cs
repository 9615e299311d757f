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
