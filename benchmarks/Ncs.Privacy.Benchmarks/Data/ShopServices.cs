using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Benchmarks.Data;

/// <summary>The benchmark databases and an application's services over them, as the README registers them.</summary>
public static class ShopServices
{
    /// <summary>The audit key erasure and retention require (a benchmark secret, not a real one).</summary>
    public const string AuditKey = "benchmark-audit-key-0123456789abcdef-0123456789";

    /// <summary>The export database: the measured subjects (one per <see cref="BenchSettings.ExportSizes"/>) among the others.</summary>
    public static Task<ShopDatabase> ExportDatabaseAsync(DatabaseProvider provider)
    {
        var layout = SubjectGroup.Layout(BenchSettings.ExportSizes, BenchSettings.OtherSubjects);
        return ShopDatabase.OpenAsync(provider, Name("export", layout), database => InsertAllAsync(database, layout));
    }

    internal static string Name(string kind, IReadOnlyList<SubjectGroup> layout)
        => $"{kind}-v1-" + string.Join("-", layout.Select(g => $"{g.Customers}x{g.OrdersPerCustomer}"));

    internal static async Task InsertAllAsync(ShopDatabase database, IReadOnlyList<SubjectGroup> layout)
    {
        foreach (var group in layout)
        {
            await group.InsertAsync(database);
        }
    }

    /// <summary>Services of an application that uses the library: the context registered the usual way, plus privacy.</summary>
    public static ServiceProvider Build(ShopDatabase database, TimeProvider? time = null, DbCommandInterceptor? interceptor = null, int retentionBatchSize = 1000)
    {
        var services = new ServiceCollection();
        services.AddLogging(); // no provider: as cheap as logging gets (AddErasure requires ILogger<T>)
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddDbContext<ShopContext>(o =>
        {
            database.Configure(o);
            if (interceptor is not null)
            {
                o.AddInterceptors(interceptor);
            }
        });
        services.AddPrivacy(p => p.UsePolicy(typeof(BenchmarkPolicy)))
            .AddEntityFrameworkCore<ShopContext>()
            .AddErasure(o =>
            {
                o.AuditKey = AuditKey;
                o.RetentionBatchSize = retentionBatchSize;
            });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}

/// <summary>A clock that stands still, so that two exports are byte for byte comparable.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Discards what is written and counts the bytes: the export's destination in the benchmarks.</summary>
public sealed class CountingStream : Stream
{
    public long Bytes { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Bytes;

    public override long Position { get => Bytes; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Bytes += count;

    public override void Write(ReadOnlySpan<byte> buffer) => Bytes += buffer.Length;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Bytes += buffer.Length;
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Bytes += count;
        return Task.CompletedTask;
    }
}

/// <summary>A <see cref="CountingStream"/> that also samples the live managed heap every few writes.</summary>
public sealed class HeapSamplingStream : Stream
{
    private int _writes;

    public long Bytes { get; private set; }

    public long PeakHeap { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Bytes;

    public override long Position { get => Bytes; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Record(count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Record(buffer.Length);
        return ValueTask.CompletedTask;
    }

    private void Record(int count)
    {
        Bytes += count;
        if (++_writes % 16 == 0)
        {
            PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(forceFullCollection: true));
        }
    }
}
