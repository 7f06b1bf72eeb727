namespace Hookbox.Cli;

/// <summary>
/// The request headers a scheme reads, made from the values given to <c>hookbox verify</c>, so
/// the server's own verification code checks them exactly as it checks a delivery.
/// </summary>
internal static class SchemeHeaders
{
    // What the generic scheme's headers are called when no source names them: only messages show them.
    public const string DefaultHmacSignatureHeader = "signature";
    public const string DefaultHmacTimestampHeader = "timestamp";

    /// <summary>The header that carries the signature, for messages.</summary>
    public static string SignatureHeader(string scheme, SourceOptions options) => scheme switch
    {
        SchemeNames.Pocketsflow => PocketsflowSignatureScheme.SignatureHeader,
        SchemeNames.StandardWebhooks => StandardWebhooksSignatureScheme.SignatureHeader,
        SchemeNames.Stripe => StripeSignatureScheme.SignatureHeader,
        SchemeNames.GitHub => GitHubSignatureScheme.SignatureHeader,
        _ => options.SignatureHeader ?? DefaultHmacSignatureHeader,
    };

    /// <summary>The header that carries the timestamp, for messages.</summary>
    public static string TimestampHeader(string scheme, SourceOptions options) => scheme switch
    {
        SchemeNames.Pocketsflow => PocketsflowSignatureScheme.TimestampHeader,
        SchemeNames.StandardWebhooks => StandardWebhooksSignatureScheme.TimestampHeader,
        SchemeNames.Stripe => $"t= part of {StripeSignatureScheme.SignatureHeader}",
        _ => options.TimestampHeader ?? DefaultHmacTimestampHeader,
    };

    public static ReceivedHeaders For(string scheme, SourceOptions options, VerifyInput input)
    {
        var headers = new List<KeyValuePair<string, string>>();
        void Add(string name, string? value)
        {
            if (value is not null)
                headers.Add(new(name, value));
        }

        switch (scheme)
        {
            case SchemeNames.Stripe:
                // Stripe carries its timestamp inside the header; a --timestamp given apart is put back there.
                var signature = input.Timestamp is { } t && !input.Signature.Contains("t=", StringComparison.Ordinal)
                    ? $"t={t},{input.Signature}"
                    : input.Signature;
                Add(StripeSignatureScheme.SignatureHeader, signature);
                break;
            case SchemeNames.StandardWebhooks:
                Add(StandardWebhooksSignatureScheme.SignatureHeader, input.Signature);
                Add(StandardWebhooksSignatureScheme.TimestampHeader, input.Timestamp);
                Add(StandardWebhooksSignatureScheme.IdHeader, input.Id);
                break;
            default:
                Add(SignatureHeader(scheme, options), input.Signature);
                if (scheme != SchemeNames.GitHub)
                    Add(TimestampHeader(scheme, options), input.Timestamp);

                break;
        }

        return new ReceivedHeaders(headers);
    }
}
