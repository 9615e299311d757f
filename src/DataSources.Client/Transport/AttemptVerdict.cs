namespace DataSources.Client;

/// <summary>What a failed attempt allows, in the request's retry mode (see <see cref="FailureClassifier"/>).</summary>
internal enum AttemptVerdict
{
    /// <summary>The failure is the request's: sending again is not allowed, and nothing was applied that the caller must look for.</summary>
    Final,

    /// <summary>Sending again is allowed: it does no harm, or the server provably did not apply the request.</summary>
    Retry,

    /// <summary>Not sent again: the server may have applied it, and the caller must look before sending it again.</summary>
    MayHaveBeenApplied,
}
