namespace Ncs.Privacy.AspNetCore.Identity.Tests;

/// <summary>The export endpoint's buffer (issue 18): what is written is read back unchanged, in memory or spilled to a file.</summary>
public class SpillingBufferStreamTests
{
    [Theory]
    [InlineData(10_000)] // stays in memory
    [InlineData((3 * SpillingBufferStream.MemoryLimit) + 12_345)] // spills to a temporary file half-way through a write
    public async Task What_is_written_is_read_back_unchanged(int size)
    {
        var expected = new byte[size];
        new Random(18).NextBytes(expected);

        await using var buffer = new SpillingBufferStream();
        var written = 0;
        var chunk = 1;
        while (written < size)
        {
            // Chunks of growing, uneven sizes, alternately synchronous and asynchronous, as a JSON writer's flushes come.
            var length = Math.Min(chunk, size - written);
            if (chunk % 2 == 0)
            {
                await buffer.WriteAsync(expected.AsMemory(written, length));
            }
            else
            {
                buffer.Write(expected, written, length);
            }

            written += length;
            chunk = (chunk * 3) + 7;
        }

        Assert.Equal(size, buffer.Length);
        buffer.Position = 0;
        var actual = new MemoryStream();
        await buffer.CopyToAsync(actual);
        Assert.Equal(expected, actual.ToArray());
    }
}
