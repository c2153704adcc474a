namespace Ncs.Privacy.AspNetCore;

/// <summary>
/// Holds a document written before it is sent (so that a failure half-way is still an error status, not a truncated 200):
/// in memory up to <see cref="MemoryLimit"/>, then in a temporary file deleted when the stream is disposed. A small export
/// (the usual case) no longer creates, writes, unlinks and closes a file per request (issue 18); a large one does not
/// hold its whole size in memory.
/// </summary>
internal sealed class SpillingBufferStream : Stream
{
    /// <summary>Bytes kept in memory before the content moves to a temporary file: 1 MiB.</summary>
    public const int MemoryLimit = 1024 * 1024;

    private Stream _inner = new MemoryStream();
    private bool _spilled;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => _inner.Length;

    public override long Position { get => _inner.Position; set => _inner.Position = value; }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value) => _inner.SetLength(value);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!_spilled && _inner.Length + buffer.Length > MemoryLimit)
        {
            SpillAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        _inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_spilled && _inner.Length + buffer.Length > MemoryLimit)
        {
            await SpillAsync(cancellationToken).ConfigureAwait(false);
        }

        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask SpillAsync(CancellationToken cancellationToken)
    {
        var memory = (MemoryStream)_inner;
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            memory.Position = 0;
            await memory.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _inner = file;
        _spilled = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
