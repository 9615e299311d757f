using System;
using System.Security;

namespace DataSources.Client;

/// <summary>A user name and password: the client logs in, and logs in again before the token expires.</summary>
internal sealed class PasswordCredential : DataSourceCredential
{
    /// <summary>Creates the credential; the password is copied, so the caller may dispose its own.</summary>
    public PasswordCredential(string userName, SecureString password)
    {
        if (string.IsNullOrWhiteSpace(userName))
        {
            throw new DataSourceInputException("The user name cannot be empty.");
        }

        if (password == null)
        {
            throw new ArgumentNullException(nameof(password));
        }

        UserName = userName;
        Password = password.Copy();
        Password.MakeReadOnly();
    }

    /// <summary>The user name.</summary>
    public string UserName { get; }

    internal SecureString Password { get; }
}
