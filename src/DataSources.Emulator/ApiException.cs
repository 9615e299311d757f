namespace DataSources.Emulator;

/// <summary>An answer in the error envelope: <c>{"status": Status, "message": Body}</c>.</summary>
internal sealed class ApiException(int status, object body) : Exception(body as string ?? $"HTTP {status}")
{
    public int Status { get; } = status;

    /// <summary>A string, or an array or object serialized as JSON.</summary>
    public object Body { get; } = body;
}
