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

        // A token read from a file or a variable often ends in a line break, which no header may
        // hold: the white space around it is dropped. None is inside a bearer token.
        var text = SecretText.Reveal(token);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new DataSourceInputException("The token cannot be empty.");
        }

        foreach (var c in trimmed)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new DataSourceInputException(trimmed.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? "The token starts with 'Bearer ': give the token alone; the module sends it as a bearer token."
                    : "The token holds white space or a control character inside it: give the token alone, as one word.");
            }
        }

        Token = trimmed.Length == text.Length ? token.Copy() : SecretText.Conceal(trimmed);
        Token.MakeReadOnly();
    }

    internal SecureString Token { get; }
}
