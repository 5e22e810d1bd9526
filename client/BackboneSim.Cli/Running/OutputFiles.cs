using System.Text;

namespace BackboneSim.Cli.Running;

/// <summary>A write to an output file failed; carries the file as the user named it, for one clear message.</summary>
public sealed class OutputWriteException(string path, Exception inner)
    : IOException($"cannot write {path}: {OutputFiles.Reason(inner)}", inner)
{
    public string Path { get; } = path;
}

/// <summary>
/// One rule for every file `run` writes (--events, --series, --report, --junit, --narration): checked before the run
/// starts (not a directory, not named twice, can be created), and any write that fails later (a full disk,
/// /dev/full) becomes <see cref="OutputWriteException"/>, never a stack trace.
/// </summary>
public static class OutputFiles
{
    /// <summary>The first problem with the output files as "cannot write FILE: reason" (or a usage error), or null.</summary>
    public static string? Check(IReadOnlyList<(string Option, string? Path)> outputs)
    {
        var given = outputs.Where(o => o.Path is not null).Select(o => (o.Option, Path: o.Path!)).ToList();
        foreach (var group in given.GroupBy(o => System.IO.Path.GetFullPath(o.Path), PathComparer))
            if (group.Count() > 1)
                return $"{string.Join(" and ", group.Select(o => o.Option))} both name {group.First().Path}; give each output a file of its own";
        foreach (var (_, path) in given)
        {
            if (path.Length == 0) return "cannot write '': the file name is empty";
            if (Directory.Exists(path)) return $"cannot write {path}: it is a directory";
            if (FileAbove(path) is { } file) return $"cannot write {path}: {file} is a file, not a folder";
            if (Probe(path) is { } reason) return $"cannot write {path}: {reason}";
        }
        return null;
    }

    /// <summary>A regular file where the path needs a folder (out.csv/x.csv), or null.</summary>
    private static string? FileAbove(string path)
    {
        for (var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)); !string.IsNullOrEmpty(dir); dir = System.IO.Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir)) return null;
            if (File.Exists(dir)) return dir;
        }
        return null;
    }

    /// <summary>Opens (creating its folder) a UTF-8 writer whose failures name the file.</summary>
    public static StreamWriter Open(string path)
    {
        try
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (dir is not null) Directory.CreateDirectory(dir);
            var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1);
            return new StreamWriter(new NamedStream(stream, path), new UTF8Encoding(false), bufferSize: 1 << 16) { NewLine = "\n" };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException(path, ex);
        }
    }

    /// <summary>Can the file be created or written? Leaves an existing file as it was, and no new file behind.</summary>
    private static string? Probe(string path)
    {
        var existed = File.Exists(path);
        // Devices (/dev/stdout, /dev/full) are not opened twice: a pipe's reader would see the probe's close as the
        // end. A device that cannot take the data still fails cleanly when the run writes to it.
        if (existed && System.IO.Path.GetFullPath(path).StartsWith("/dev/", StringComparison.Ordinal)) return null;
        string? dirCreated = null;
        try
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (dir is not null && !Directory.Exists(dir))
            {
                dirCreated = dir;
                Directory.CreateDirectory(dir);
            }
            using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite, 1)) { }
            if (!existed) File.Delete(path);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Reason(ex);
        }
        finally
        {
            // Only an empty folder this probe made; the run makes it again when it opens the file.
            if (dirCreated is not null && Directory.Exists(dirCreated) && !Directory.EnumerateFileSystemEntries(dirCreated).Any())
                try { Directory.Delete(dirCreated); } catch (IOException) { }
        }
    }

    /// <summary>Why a write failed, without .NET's repetition of the path ("No space left on device : '/dev/full'").</summary>
    public static string Reason(Exception ex)
    {
        if (ex is OutputWriteException { InnerException: { } inner }) ex = inner;
        if (ex is UnauthorizedAccessException) return "permission denied";
        if (ex is DirectoryNotFoundException) return "its folder does not exist";
        var message = ex.Message;
        var cut = message.IndexOf(" : '", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        cut = message.IndexOf(" : ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message.TrimEnd('.');
    }

    private static StringComparer PathComparer => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
        ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>A file stream whose failures say which output file they were writing.</summary>
    private sealed class NamedStream(FileStream inner, string path) : Stream
    {
        private T Guard<T>(Func<T> f)
        {
            try { return f(); }
            catch (IOException ex) when (ex is not OutputWriteException) { throw new OutputWriteException(path, ex); }
        }

        private void Guard(Action f) => Guard(() => { f(); return 0; });

        public override void Write(byte[] buffer, int offset, int count) => Guard(() => inner.Write(buffer, offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try { inner.Write(buffer); }
            catch (IOException ex) when (ex is not OutputWriteException) { throw new OutputWriteException(path, ex); }
        }
        public override void Flush() => Guard(inner.Flush);
        protected override void Dispose(bool disposing)
        {
            if (disposing) Guard(inner.Dispose);
            base.Dispose(disposing);
        }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
