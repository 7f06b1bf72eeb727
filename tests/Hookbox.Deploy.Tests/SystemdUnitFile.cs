namespace Hookbox.Deploy.Tests;

/// <summary>A systemd unit file read as systemd reads it: sections of <c>Key=value</c> lines, a key may repeat.</summary>
internal sealed class SystemdUnitFile
{
    private readonly Dictionary<string, List<string>> _settings = new(StringComparer.Ordinal);

    private SystemdUnitFile()
    {
    }

    public static SystemdUnitFile Read(string path)
    {
        var unit = new SystemdUnitFile();
        var section = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
                continue;

            if (line[0] == '[')
            {
                section = line.Trim('[', ']');
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var key = $"{section}:{line[..equals].Trim()}";
            if (!unit._settings.TryGetValue(key, out var values))
                unit._settings[key] = values = [];

            values.Add(line[(equals + 1)..].Trim());
        }

        return unit;
    }

    /// <summary>Every value given to <paramref name="key"/> in <paramref name="section"/>, in order.</summary>
    public IReadOnlyList<string> All(string section, string key) =>
        _settings.TryGetValue($"{section}:{key}", out var values) ? values : [];

    /// <summary>The value that counts (the last one), or null when the key is not set.</summary>
    public string? Get(string section, string key) => All(section, key) is [.., var last] ? last : null;

    /// <summary><c>Environment=NAME=value</c> lines as a dictionary.</summary>
    public IReadOnlyDictionary<string, string> Environment() =>
        All("Service", "Environment").Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
}
