namespace Hookbox;

/// <summary>
/// A new file of secrets in the data directory, readable by its owner only from its first byte,
/// never chmod-ed after being readable: the generated admin token and the sample source's secret.
/// </summary>
internal static class OwnerOnlyFile
{
    /// <summary>Writes <paramref name="line"/> to a new file at <paramref name="path"/>; an <see cref="IOException"/> if it exists.</summary>
    public static void CreateNew(string directory, string path, string line)
    {
        FileStream file;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }

        using (file)
        using (var writer = new StreamWriter(file))
            writer.WriteLine(line);
    }
}
