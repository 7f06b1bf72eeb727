using YamlDotNet.RepresentationModel;

namespace Hookbox.Deploy.Tests;

/// <summary>deploy/compose/compose.yaml as a YAML parser reads it, anchors and aliases resolved.</summary>
internal sealed class ComposeFile
{
    private ComposeFile(YamlMappingNode root) => Root = root;

    public YamlMappingNode Root { get; }

    public YamlMappingNode Services => Mapping(Root, "services");

    public static ComposeFile Read(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return new ComposeFile((YamlMappingNode)stream.Documents.Single().RootNode);
    }

    public YamlMappingNode Service(string name) => Mapping(Services, name);

    /// <summary>A service's environment, given as a mapping (NAME: value) as compose.yaml gives it.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service) =>
        Mapping(Service(service), "environment").Children.ToDictionary(p => Scalar(p.Key), p => Scalar(p.Value), StringComparer.Ordinal);

    public static YamlMappingNode Mapping(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? node as YamlMappingNode ?? throw new InvalidOperationException($"'{key}' is not a mapping")
            : throw new KeyNotFoundException($"'{key}' is missing");

    public static YamlNode? Find(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public static IReadOnlyList<string> Sequence(YamlMappingNode parent, string key) =>
        Find(parent, key) is YamlSequenceNode sequence ? [.. sequence.Children.Select(Scalar)] : [];

    public static string Scalar(YamlNode node) =>
        (node as YamlScalarNode)?.Value ?? throw new InvalidOperationException($"{node.Start} is not a scalar");
}
