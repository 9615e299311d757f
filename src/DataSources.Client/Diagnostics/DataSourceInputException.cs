using System;

namespace DataSources.Client;

/// <summary>
/// A value the user gave cannot be used: an unknown or unsettable field, a value that does not
/// fit its field, an id that cannot be sent, an address the client will not use. Nothing was sent.
/// The message is written for the user and names the field or value itself, so no parameter
/// name is attached (.NET would append "(Parameter '...')" to the message).
/// </summary>
public sealed class DataSourceInputException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public DataSourceInputException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
