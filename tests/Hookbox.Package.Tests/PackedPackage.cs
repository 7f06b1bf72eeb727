using System.IO.Compression;
using System.Xml.Linq;

namespace Hookbox.Package.Tests;

/// <summary>One .nupkg as it would be pushed: its .nuspec and the names of the files inside.</summary>
public sealed record PackedPackage(string Path, XElement Metadata, IReadOnlyList<string> Entries)
{
    public string FileName => System.IO.Path.GetFileName(Path);

    public string Id => Text("id");

    public string Version => Text("version");

    /// <summary>A metadata element's text (<c>id</c>, <c>description</c>, <c>tags</c>…), empty when it is missing.</summary>
    public string Text(string name) => Element(name)?.Value ?? "";

    /// <summary>A metadata element, whatever the nuspec schema's namespace (it changes with the features used).</summary>
    public XElement? Element(string name) => Metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    /// <summary>The bytes of the entry at <paramref name="entryPath"/> (forward slashes, as in the zip).</summary>
    public byte[] ReadEntry(string entryPath)
    {
        using var zip = ZipFile.OpenRead(Path);
        var entry = zip.GetEntry(entryPath) ?? throw new InvalidOperationException($"{FileName} has no {entryPath}; it has {string.Join(", ", Entries)}.");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static PackedPackage Open(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var nuspecs = zip.Entries.Where(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)).ToList();
        if (nuspecs.Count != 1)
            throw new InvalidOperationException($"{path} should hold one .nuspec at its root, and holds {nuspecs.Count}.");

        using var stream = nuspecs[0].Open();
        var nuspec = XDocument.Load(stream).Root ?? throw new InvalidOperationException($"{path}: its .nuspec is empty.");
        var metadata = nuspec.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata")
                       ?? throw new InvalidOperationException($"{path}: its .nuspec has no <metadata>.");
        return new PackedPackage(path, metadata, [.. zip.Entries.Select(e => e.FullName)]);
    }
}
