using Microsoft.AspNetCore.Http.Features;

namespace DataSources.Emulator;

/// <summary>
/// Fastify's body limit on the API routes: a larger body is answered 413 in Fastify's shape. The
/// body is read to its end first, so the client finishes sending and reads the answer rather than
/// a reset connection.
/// </summary>
internal sealed class BodyLimit(LiveBehaviour behaviour)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        long limit = behaviour.Current.BodyLimit;
        if (limit == 0 || !context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        long? length = context.Request.ContentLength;
        if (length > limit)
        {
            await RefuseAsync(context, context.Request.Body);
            return;
        }
        if (length is not null || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            await next(context);
            return;
        }

        // A chunked body tells its size only as it is read.
        Stream body = context.Request.Body;
        var counted = new CountingStream(body, limit);
        context.Request.Body = counted;
        try
        {
            await next(context);
        }
        catch (Exception) when (counted.Exceeded && !context.Response.HasStarted)
        {
            await RefuseAsync(context, body);
        }
        finally
        {
            context.Request.Body = body;
        }
    }

    private static async Task RefuseAsync(HttpContext context, Stream body)
    {
        await body.CopyToAsync(Stream.Null, context.RequestAborted);
        await ApiResponses.WriteFastifyErrorAsync(
            context, StatusCodes.Status413PayloadTooLarge, "FST_ERR_CTP_BODY_TOO_LARGE", "Request body is too large");
    }

    private sealed class CountingStream(Stream inner, long limit) : Stream
    {
        private long count;

        public bool Exceeded => count > limit;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => count; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            count += read;
            if (Exceeded) throw new IOException("Request body is too large");
            return read;
        }
    }
}
