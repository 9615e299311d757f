namespace DataSources.Client;

/// <summary>A success envelope: the HTTP status, the <c>data</c> read, and the optional <c>message</c> and <c>pageInfo</c>.</summary>
internal sealed class ApiResponse<T>
{
    public ApiResponse(int status, T data, object? message, PageInfo? pageInfo)
    {
        Status = status;
        Data = data;
        Message = message;
        PageInfo = pageInfo;
    }

    public int Status { get; }

    public T Data { get; }

    public object? Message { get; }

    public PageInfo? PageInfo { get; }
}
