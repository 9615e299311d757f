using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;

namespace DataSources.Commands;

/// <summary>
/// The PowerShell wildcard patterns of one filter key (-Name or -DatabaseType): <c>*</c>, <c>?</c>,
/// <c>[a-c]</c> and backtick escapes, as everywhere in PowerShell. The server knows only <c>*</c>
/// (every other character is literal to it), so it is asked with patterns that cover these, and
/// when a pattern needs more than the server can do, the answers are matched here with
/// WildcardPattern, ignoring case as the server does. A pattern of text and <c>*</c> only is sent
/// as it is and needs no matching here.
/// </summary>
internal sealed class WildcardFilter
{
    private const WildcardOptions Options = WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant;

    // Null when the server's answer is exactly the match.
    private readonly WildcardPattern[]? _patterns;

    private WildcardFilter(IReadOnlyList<string> serverPatterns, WildcardPattern[]? patterns)
    {
        ServerPatterns = serverPatterns;
        _patterns = patterns;
    }

    /// <summary>The patterns to send: each covers what its PowerShell pattern matches.</summary>
    public IReadOnlyList<string> ServerPatterns { get; }

    /// <summary>Whether the server's answer must be matched here.</summary>
    public bool MatchesOnClient => _patterns != null;

    /// <summary>The filter of these patterns (any one may match); null when there are none.</summary>
    /// <exception cref="ArgumentException">A pattern is not valid (an unclosed <c>[</c>); the message names it.</exception>
    public static WildcardFilter? Of(IReadOnlyList<string>? patterns)
    {
        if (patterns == null || patterns.Count == 0)
        {
            return null;
        }

        var server = new List<string>(patterns.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var matchOnClient = false;
        foreach (var pattern in patterns)
        {
            var covering = ServerPatternOf(pattern, out var needsMatch);
            matchOnClient |= needsMatch;
            if (seen.Add(covering))
            {
                server.Add(covering);
            }
        }

        if (!matchOnClient)
        {
            return new WildcardFilter(server, null);
        }

        var compiled = new WildcardPattern[patterns.Count];
        for (var i = 0; i < compiled.Length; i++)
        {
            compiled[i] = Compile(patterns[i]);
        }

        return new WildcardFilter(server, compiled);
    }

    /// <summary>Checks a pattern before anything is sent.</summary>
    /// <exception cref="ArgumentException">It is not a valid wildcard pattern; the message names it.</exception>
    public static void Validate(string pattern)
    {
        ServerPatternOf(pattern, out var needsMatch);
        if (needsMatch)
        {
            Compile(pattern);
        }
    }

    // WildcardPattern reads a pattern on its first match: one is made here, so that a pattern it
    // refuses fails before anything is sent.
    private static WildcardPattern Compile(string pattern)
    {
        var compiled = new WildcardPattern(pattern, Options);
        try
        {
            compiled.IsMatch(string.Empty);
        }
        catch (WildcardPatternException exception)
        {
            throw new ArgumentException($"'{pattern}' is not a valid wildcard pattern: {exception.Message}", exception);
        }

        return compiled;
    }

    /// <summary>Whether a value the server returned matches one of the PowerShell patterns.</summary>
    public bool IsMatch(string? value)
    {
        if (_patterns == null)
        {
            return true;
        }

        if (value == null)
        {
            return false;
        }

        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }

    // ? and [...] become *, as does an escaped * (the server cannot say "a literal *"); an escaped
    // ? or [ is literal to the server as it is. Runs of * become one.
    private static string ServerPatternOf(string pattern, out bool needsMatch)
    {
        var server = new StringBuilder(pattern.Length);
        needsMatch = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var character = pattern[i];
            switch (character)
            {
                case '`' when i + 1 < pattern.Length:
                    i++;
                    if (pattern[i] == '*')
                    {
                        AppendStar(server);
                        needsMatch = true;
                    }
                    else
                    {
                        server.Append(pattern[i]);
                    }

                    break;
                case '`':
                    // A backtick that ends the pattern escapes nothing: let WildcardPattern say what it means.
                    AppendStar(server);
                    needsMatch = true;
                    break;
                case '*':
                    AppendStar(server);
                    break;
                case '?':
                    AppendStar(server);
                    needsMatch = true;
                    break;
                case '[':
                    i = ClosingBracket(pattern, i);
                    AppendStar(server);
                    needsMatch = true;
                    break;
                default:
                    server.Append(character);
                    break;
            }
        }

        return server.ToString();
    }

    // As WildcardPattern reads a range: the first character after [ belongs to it (even ]), a
    // backtick escapes the next one, and the next ] closes it.
    private static int ClosingBracket(string pattern, int open)
    {
        var first = open + 1;
        for (var i = first < pattern.Length && pattern[first] == '`' ? first + 2 : first + 1; i < pattern.Length; i++)
        {
            if (pattern[i] == '`')
            {
                i++;
            }
            else if (pattern[i] == ']')
            {
                return i;
            }
        }

        throw new ArgumentException(
            $"'{pattern}' is not a valid wildcard pattern: the [ at position {open + 1} has no closing ]. Write a literal [ as `[.");
    }

    private static void AppendStar(StringBuilder server)
    {
        if (server.Length == 0 || server[server.Length - 1] != '*')
        {
            server.Append('*');
        }
    }
}
