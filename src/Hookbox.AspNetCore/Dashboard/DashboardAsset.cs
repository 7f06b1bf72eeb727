using System.Security.Cryptography;

namespace Hookbox.AspNetCore;

/// <summary>One file of the dashboard, read once from the assembly: its bytes, type and validator.</summary>
internal sealed record DashboardAsset(string ContentType, ReadOnlyMemory<byte> Content, string ETag)
{
    /// <summary>Reads the resource <c>Hookbox.Dashboard.{fileName}</c> embedded in this assembly.</summary>
    public static DashboardAsset Load(string fileName, string contentType)
    {
        var name = "Hookbox.Dashboard." + fileName;
        using var stream = typeof(DashboardAsset).Assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"The dashboard file {name} is not embedded in {typeof(DashboardAsset).Assembly.GetName().Name}; the build left it out.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();

        // A validator from the content: a new Hookbox build that changes a file changes its ETag.
        return new DashboardAsset(contentType, content, "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"");
    }
}
