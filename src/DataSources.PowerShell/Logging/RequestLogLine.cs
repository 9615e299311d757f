namespace DataSources.Commands;

/// <summary>One queued line of a <see cref="RequestLogQueue"/>: a verbose request line or a debug body.</summary>
internal readonly struct RequestLogLine
{
    public RequestLogLine(string text, bool isDebug)
    {
        Text = text;
        IsDebug = isDebug;
    }

    public string Text { get; }

    public bool IsDebug { get; }
}
