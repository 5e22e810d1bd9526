using System.Text;

namespace BackboneSim.Scenarios;

/// <summary>A file larger than the loader reads: found while reading, whatever size the file system reported.</summary>
public sealed class FileTooLargeException(long limit) : IOException($"the file is larger than {limit:N0} bytes, the limit")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// Reads a text file but never more than a limit: a file that grows while it is read, or that reports a size it does
/// not have, still costs at most the limit in memory.
/// </summary>
public static class BoundedRead
{
    public static string Text(string path, long limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var bytes = new MemoryStream();
        var buffer = new byte[81_920];
        int n;
        while ((n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, limit + 1 - bytes.Length))) > 0)
        {
            bytes.Write(buffer, 0, n);
            if (bytes.Length > limit) throw new FileTooLargeException(limit);
        }
        bytes.Position = 0;
        // As File.ReadAllText: UTF-8 unless a byte-order mark says otherwise.
        using var reader = new StreamReader(bytes, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
