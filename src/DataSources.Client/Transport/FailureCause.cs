namespace DataSources.Client;

/// <summary>
/// What happened to one failed attempt, as far as sending it again is concerned: the exchange says
/// what it saw, and <see cref="FailureClassifier"/> says, per retry mode, what may follow.
/// </summary>
internal enum FailureCause
{
    /// <summary>An answer that sending again cannot change: a redirect, a login page, a failed TLS handshake.</summary>
    Final,

    /// <summary>The server answered an error status (the failure's status says which).</summary>
    ErrorStatus,

    /// <summary>The server answered success, but the answer could not be read (not JSON, not the envelope).</summary>
    UnreadableSuccess,

    /// <summary>The request never reached the server: connection refused, unknown host.</summary>
    NotSent,

    /// <summary>The request was or may have been sent, and then the connection broke or no answer came in time.</summary>
    Interrupted,
}
