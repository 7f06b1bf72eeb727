using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Hookbox.AspNetCore;

/// <summary>What <c>POST /api/erase</c> is asked to erase: the events about a subject, or those whose payload holds an email.</summary>
/// <param name="Subject">The stored subject to erase every event of; null when the request names an email.</param>
/// <param name="Email">The address whose events to erase; null when the request names a subject.</param>
internal sealed record ErasureRequest(string? Subject, string? Email)
{
    /// <summary>Larger than any address or business key, small enough that nobody can make it hold much.</summary>
    public const int MaxBodyBytes = 4096;

    private const string Shape = "the body is {\"subject\":\"<the business key>\"} or {\"email\":\"<address>\"}, exactly one of them";

    /// <summary>Reads the body; a bad one is a message for a 400, not an exception.</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, [NotNullWhen(true)] out ErasureRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        body = ByteOrderMark.Skip(body);
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            error = $"the body names nothing to erase; {Shape}";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            error = $"the body is not JSON; {Shape}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"the body is not a JSON object; {Shape}";
                return false;
            }

            string? subject = null;
            string? email = null;
            foreach (var property in root.EnumerateObject())
            {
                // A misspelt field would otherwise erase nothing and answer 0, which reads as "done".
                if (property.Name is not ("subject" or "email"))
                {
                    error = $"the body has a field '{Excerpt(property.Name)}' this endpoint does not take; {Shape}";
                    return false;
                }

                if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()))
                {
                    error = $"{property.Name} must be a non-empty string; {Shape}";
                    return false;
                }

                if (property.Name == "subject")
                    subject = property.Value.GetString();
                else
                    email = property.Value.GetString();
            }

            if ((subject is null) == (email is null))
            {
                error = subject is null ? $"the body names nothing to erase; {Shape}" : $"the body names both a subject and an email; {Shape}";
                return false;
            }

            if (email is not null && !PayloadEmail.IsPlausible(email))
            {
                error = "email must be one whole address, such as ann@example.com, without surrounding spaces";
                return false;
            }

            request = new ErasureRequest(subject, email);
            error = null;
            return true;
        }
    }

    /// <summary>What the caller sent, cut short: enough to recognise it in the message.</summary>
    private static string Excerpt(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
