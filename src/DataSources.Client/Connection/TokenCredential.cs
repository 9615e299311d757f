using System;
using System.Security;

namespace DataSources.Client;

/// <summary>A bearer token (JWT) from elsewhere: used until it expires, never renewed.</summary>
internal sealed class TokenCredential : DataSourceCredential
{
    /// <summary>Creates the credential; the token is copied, so the caller may dispose its own.</summary>
    public TokenCredential(SecureString token)
    {
        if (token == null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        if (token.Length == 0)
        {
            throw new DataSourceInputException("The token cannot be empty.");
        }

        Token = token.Copy();
        Token.MakeReadOnly();
    }

    internal SecureString Token { get; }
}
