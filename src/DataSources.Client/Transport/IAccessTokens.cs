using System.Threading;
using System.Threading.Tasks;

namespace DataSources.Client;

/// <summary>
/// The bearer tokens an authenticated request is sent with, as <see cref="ApiTransport"/> meets
/// them: <see cref="TokenSession"/> implements it, and logs in through the transport.
/// </summary>
internal interface IAccessTokens
{
    /// <summary>Whether logging in again may cure a refusal of the token.</summary>
    bool CanRenew { get; }

    /// <summary>A token good to send now.</summary>
    Task<string> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>Logs in again after <paramref name="refusedToken"/> was refused, unless another call already did.</summary>
    Task RenewAsync(string refusedToken, CancellationToken cancellationToken);

    /// <summary>The error for a refusal of the token that logging in again cannot or did not cure.</summary>
    DataSourceApiException Refused(DataSourceApiException refusal, bool afterLogin);
}
