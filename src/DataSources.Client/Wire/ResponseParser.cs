using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Newtonsoft.Json;

namespace DataSources.Client;

/// <summary>
/// Reads answers: a success envelope streamed into the caller's model, or an error envelope kept
/// as data. Whatever is not the JSON envelope becomes a message that says what came back.
/// </summary>
internal static class ResponseParser
{
    private const int SniffBytes = 512;
    private const int DescribeChars = 4096;
    private const int SnippetChars = 200;

    // A StreamReader allocates a byte and a char buffer of its size for every answer: most answers
    // (one item, a PATCH result) are a few hundred bytes, so a fixed 16 KB cost ~44 KB per request.
    private const int MinReadBuffer = 1024;
    private const int UnknownLengthReadBuffer = 4 * 1024;
    private const int MaxReadBuffer = 16 * 1024;

    /// <summary>Reads the first bytes of a body to tell JSON from anything else, without losing them.</summary>
    public static async Task<(Stream Body, BodyStart Start)> SniffAsync(Stream body)
    {
        var buffer = new byte[SniffBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await body.ReadAsync(buffer, length, buffer.Length - length).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            var start = Classify(buffer, length);
            if (start != BodyStart.Empty)
            {
                return (new PrefixedStream(buffer, length, body), start);
            }
        }

        return (new PrefixedStream(buffer, length, body), Classify(buffer, length));
    }

    /// <param name="contentLength">The answer's Content-Length, when it has one: it sizes the read buffer.</param>
    public static ApiResponse<T> ReadSuccess<T>(Stream body, long? contentLength, int status, ApiRequest request, Func<JsonReader, T> readData)
    {
        var bufferSize = (int)Math.Max(MinReadBuffer, Math.Min(contentLength ?? UnknownLengthReadBuffer, MaxReadBuffer));
        using (var text = new StreamReader(body, Encoding.UTF8, true, bufferSize, leaveOpen: true))
        using (var reader = JsonWire.CreateReader(text))
        {
            try
            {
                if (!reader.Read() || reader.TokenType != JsonToken.StartObject)
                {
                    throw new InvalidDataException(request.Enveloped ? "is not an envelope object" : "is not an object");
                }

                if (!request.Enveloped)
                {
                    var whole = readData(reader);
                    if (reader.Read())
                    {
                        throw new JsonReaderException("The answer goes on after its object.", reader.Path, ((IJsonLineInfo)reader).LineNumber, ((IJsonLineInfo)reader).LinePosition, null);
                    }

                    return new ApiResponse<T>(status, whole, null, null);
                }

                var data = default(T)!;
                var hasData = false;
                object? message = null;
                PageInfo? pageInfo = null;
                while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
                {
                    var name = (string)reader.Value!;
                    if (!reader.Read())
                    {
                        break;
                    }

                    switch (name)
                    {
                        case "data":
                            // A null too: whether it may be null is the reader's to say.
                            data = readData(reader);
                            hasData = true;
                            break;
                        case "message":
                            message = PlainJson.ReadValue(reader);
                            break;
                        case "pageInfo":
                            pageInfo = ReadPageInfo(reader);
                            break;
                        default:
                            reader.Skip();
                            break;
                    }
                }

                if (reader.TokenType != JsonToken.EndObject)
                {
                    throw new JsonReaderException("The envelope ends early.", reader.Path, ((IJsonLineInfo)reader).LineNumber, ((IJsonLineInfo)reader).LinePosition, null);
                }

                if (!hasData)
                {
                    throw new InvalidDataException("has no 'data'");
                }

                return new ApiResponse<T>(status, data, message, pageInfo);
            }
            catch (InvalidDataException problem)
            {
                throw new DataSourceApiException(
                    ApiErrorKind.InvalidResponse,
                    $"The server answered {status} to {request.Describe()} with JSON that {problem.Message}, not {(request.Enveloped ? "the envelope the API defines" : "the answer expected")}.",
                    status,
                    method: request.Method,
                    route: request.Route,
                    innerException: problem);
            }
            catch (JsonReaderException problem)
            {
                throw new DataSourceApiException(
                    ApiErrorKind.InvalidResponse,
                    $"The server answered {status} to {request.Describe()} with a body that is not complete JSON: it breaks off or goes wrong at line {problem.LineNumber}, position {problem.LinePosition}.",
                    status,
                    method: request.Method,
                    route: request.Route,
                    innerException: problem);
            }
        }
    }

    /// <summary>
    /// What an error body says, in any of the shapes a server answers with: the API's envelope
    /// (<c>{status, message}</c>), Fastify's (<c>{statusCode, code, error, message}</c>) or Keycloak's
    /// (<c>{error, error_description}</c>). The message is null when the JSON has none; the code is
    /// Fastify's <c>code</c> or Keycloak's <c>error</c> (e.g. <c>invalid_grant</c>), null otherwise.
    /// </summary>
    public static (object? Message, string? Code) ReadError(Stream body)
    {
        using (var text = new StreamReader(body, Encoding.UTF8, true, 4096, leaveOpen: true))
        using (var reader = JsonWire.CreateReader(text))
        {
            try
            {
                if (!reader.Read() || !(PlainJson.ReadValue(reader) is Dictionary<string, object?> members))
                {
                    return (null, null);
                }

                members.TryGetValue("message", out var message);
                members.TryGetValue("error", out var error);
                if (members.TryGetValue("error_description", out var description))
                {
                    return (message ?? description, error as string);
                }

                members.TryGetValue("code", out var code);
                return (message ?? error, code as string);
            }
            catch (JsonReaderException)
            {
                // A broken error body still leaves the status to report.
                return (null, null);
            }
        }
    }

    /// <summary>Says what came back instead of JSON: "an HTML page (title: 502 Bad Gateway)", "an empty body", "text/plain content: '...'".</summary>
    public static async Task<string> DescribeNonJsonAsync(Stream body, BodyStart start, HttpResponseMessage response)
    {
        if (start == BodyStart.Empty)
        {
            return "an empty body";
        }

        string text;
        using (var reader = new StreamReader(body, Encoding.UTF8, true, 4096, leaveOpen: true))
        {
            var buffer = new char[DescribeChars];
            var length = await reader.ReadBlockAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
            text = new string(buffer, 0, length);
        }

        var mediaType = response.Content?.Headers.ContentType?.MediaType;
        if (IsHtml(mediaType, text))
        {
            var title = HtmlTitle(text);
            if (title != null)
            {
                return $"an HTML page (title: '{title}')";
            }

            // A gateway's bare page ("error code: 1010") says its reason in its text.
            var words = Snippet(System.Text.RegularExpressions.Regex.Replace(text, "<[^>]*>", " "));
            return words.Length == 0 ? "an HTML page" : $"an HTML page: '{words}'";
        }

        return $"{mediaType ?? "content"} that is not JSON: '{Snippet(text)}'";
    }

    // The text as one line of words, cut at SnippetChars.
    private static string Snippet(string text)
    {
        var snippet = string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return snippet.Length > SnippetChars ? snippet.Substring(0, SnippetChars) + "..." : snippet;
    }

    /// <summary>A server message as one line: a string as is, list entries joined, object members as name: value.</summary>
    public static string Flatten(object? message)
    {
        switch (message)
        {
            case null:
                return string.Empty;
            case string text:
                return text;
            case object?[] items:
                return string.Join("; ", items.Select(Flatten));
            case Dictionary<string, object?> members:
                if (members.TryGetValue("message", out var inner) && inner is string innerText)
                {
                    return members.TryGetValue("resourceName", out var name) && name is string resourceName
                        ? resourceName + ": " + innerText
                        : innerText;
                }

                return string.Join(", ", members.Select(pair => pair.Key + ": " + Flatten(pair.Value)));
            case IFormattable formattable:
                return formattable.ToString(null, CultureInfo.InvariantCulture);
            default:
                return message.ToString() ?? string.Empty;
        }
    }

    private static PageInfo ReadPageInfo(JsonReader reader)
    {
        if (!(PlainJson.ReadValue(reader) is Dictionary<string, object?> members)
            || !members.TryGetValue("skip", out var skip) || !(skip is long)
            || !members.TryGetValue("limit", out var limit) || !(limit is long)
            || !members.TryGetValue("totalCount", out var total) || !(total is long))
        {
            throw new InvalidDataException("has a 'pageInfo' without whole numbers for skip, limit and totalCount");
        }

        return new PageInfo((long)skip, (long)limit, (long)total);
    }

    private static BodyStart Classify(byte[] buffer, int length)
    {
        for (var i = 0; i < length; i++)
        {
            var b = buffer[i];
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB || b == 0xBF)
            {
                continue;
            }

            return b == '{' || b == '[' ? BodyStart.Json : BodyStart.Other;
        }

        return BodyStart.Empty;
    }

    /// <summary>Whether an answer described by <see cref="DescribeNonJsonAsync"/> is an HTML page.</summary>
    public static bool IsHtml(HttpResponseMessage response, string description) =>
        string.Equals(response.Content?.Headers.ContentType?.MediaType, "text/html", StringComparison.OrdinalIgnoreCase)
        || description.StartsWith("an HTML page", StringComparison.Ordinal);

    private static bool IsHtml(string? mediaType, string text) =>
        string.Equals(mediaType, "text/html", StringComparison.OrdinalIgnoreCase)
        || text.TrimStart().StartsWith("<", StringComparison.Ordinal);

    private static string? HtmlTitle(string html)
    {
        var start = html.IndexOf("<title>", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        start += "<title>".Length;
        var end = html.IndexOf("</title>", start, StringComparison.OrdinalIgnoreCase);
        return end < 0 ? null : html.Substring(start, end - start).Trim();
    }

    internal enum BodyStart
    {
        Empty,
        Json,
        Other,
    }
}
