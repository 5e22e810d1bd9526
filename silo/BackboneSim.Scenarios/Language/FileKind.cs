using System.Runtime.InteropServices;

namespace BackboneSim.Scenarios;

/// <summary>
/// Whether a path, after following symbolic links, is a regular file, asked without opening it. Opening a FIFO blocks
/// until a writer appears, and a device such as /dev/zero never ends, so the loader must know before it opens.
/// .NET has no public API for the file type (FileAttributes does not tell a device or FIFO from a file), so on Linux
/// this asks statx(2), whose struct layout is the same on every architecture; on other Unix systems it answers
/// "unknown" (and <see cref="DiskScenarioFiles"/> then refuses files that report no bytes).
/// </summary>
public static class FileKind
{
    /// <summary>True for a regular file, false for anything else (FIFO, device, socket, directory), null when unknown.</summary>
    public static bool? IsRegularFile(string path)
    {
        if (OperatingSystem.IsWindows()) return true; // no FIFOs or devices among its files (folders are asked apart)
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = new byte[256]; // struct statx is 256 bytes
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        var mode = BitConverter.ToUInt16(buffer, ModeOffset);
        return (mode & FormatMask) == RegularFile;
    }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28; // stx_mask, stx_blksize (u32), stx_attributes (u64), stx_nlink, stx_uid, stx_gid (u32), stx_mode (u16)
    private const ushort FormatMask = 0xF000, RegularFile = 0x8000;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
