using System;
using System.IO;

namespace DataSources.Client;

/// <summary>A read-only stream that first returns bytes already read (to look at the start of a body), then the rest.</summary>
internal sealed class PrefixedStream : ReadOnlyStream
{
    private readonly byte[] _prefix;
    private readonly int _prefixLength;
    private readonly Stream _rest;
    private int _position;

    public PrefixedStream(byte[] prefix, int prefixLength, Stream rest)
    {
        _prefix = prefix;
        _prefixLength = prefixLength;
        _rest = rest;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position < _prefixLength)
        {
            var n = Math.Min(count, _prefixLength - _position);
            Buffer.BlockCopy(_prefix, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        return _rest.Read(buffer, offset, count);
    }
}
