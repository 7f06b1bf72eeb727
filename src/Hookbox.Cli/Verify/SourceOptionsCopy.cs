namespace Hookbox.Cli;

/// <summary>Copies a source's settings with a change, so a variant never alters the configuration it came from.</summary>
internal static class SourceOptionsCopy
{
    public static SourceOptions Of(SourceOptions? source, Action<SourceOptions> change)
    {
        source ??= new SourceOptions();
        var copy = new SourceOptions
        {
            Scheme = source.Scheme,
            ToleranceSeconds = source.ToleranceSeconds,
            AllowNoTolerance = source.AllowNoTolerance,
            MaxBodyBytes = source.MaxBodyBytes,
            SignedTimestamp = source.SignedTimestamp,
            EventIdHeader = source.EventIdHeader,
            EventIdPointer = source.EventIdPointer,
            EventTypeHeader = source.EventTypeHeader,
            EventTypePointer = source.EventTypePointer,
            SignatureHeader = source.SignatureHeader,
            Algorithm = source.Algorithm,
            Encoding = source.Encoding,
            SignaturePrefix = source.SignaturePrefix,
            SignedContent = source.SignedContent,
            TimestampHeader = source.TimestampHeader,
        };
        copy.Secrets.AddRange(source.Secrets);
        change(copy);
        return copy;
    }
}
