namespace Hookbox.Cli;

/// <summary>The diagnoses of <c>hookbox verify</c>, as <c>--json</c> names them: stable for scripts.</summary>
internal static class DiagnosisCodes
{
    /// <summary>The signature matches the body (and signed fields) under a secret, and any signed timestamp is within the tolerance.</summary>
    public const string Valid = "valid";

    /// <summary>No signature was given.</summary>
    public const string MissingSignature = "missing-signature";

    /// <summary>The scheme signs a timestamp, and none was given.</summary>
    public const string MissingTimestamp = "missing-timestamp";

    /// <summary>Standard Webhooks signs the message id, and none was given.</summary>
    public const string MissingId = "missing-id";

    /// <summary>The signature header cannot be read: not hex or base64, a missing v1= or t= part, a wrong prefix.</summary>
    public const string MalformedSignature = "malformed-signature";

    /// <summary>The signature matches, but the signed timestamp is outside the tolerance.</summary>
    public const string TimestampOutsideTolerance = "timestamp-outside-tolerance";

    /// <summary>The signature matches the body with only its whitespace changed back.</summary>
    public const string WhitespaceChanged = "whitespace-changed";

    /// <summary>The signature matches the body re-serialised: whitespace and string escapes changed.</summary>
    public const string BodyReserialised = "body-reserialised";

    /// <summary>The signature matches a form of the secret other than the one given (with or without whsec_, decoded or not).</summary>
    public const string SecretForm = "secret-form";

    /// <summary>Pocketsflow: the signature matches with the timestamp signed (or not signed) where the settings say otherwise.</summary>
    public const string SignedTimestampSetting = "signed-timestamp-setting";

    /// <summary>The signature does not match, and the body is not JSON: cut short or altered on the way.</summary>
    public const string BodyNotJson = "body-not-json";

    /// <summary>The signature does not match this body with this secret: a wrong secret, or a body whose content changed.</summary>
    public const string Mismatch = "mismatch";
}
