using System;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>
/// One attempt of an API request: sends it once and reads the one answer.
/// <see cref="ApiTransport"/> repeats it; tests give the transport a fake one.
/// </summary>
internal interface IHttpExchange : IDisposable
{
    /// <summary>
    /// Sends <paramref name="request"/> once, with <paramref name="token"/> as its bearer token when not null.
    /// Throws an <see cref="AttemptFailure"/> that says what happened when the answer is not a success.
    /// </summary>
    Task<ApiResponse<T>> SendAsync<T>(ApiRequest request, string? token, Func<JsonReader, T> readData, CancellationToken cancellationToken);

    /// <summary>Whether it was disposed: no attempt can be sent through it any more.</summary>
    bool IsClosed { get; }
}
