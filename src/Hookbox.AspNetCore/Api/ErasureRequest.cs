using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Hookbox.AspNetCore;

/// <summary>What <c>POST /api/erase</c> is asked to erase: the events about a subject, or those whose payload holds an email.</summary>
/// <param name="Subject">The stored subject to erase every event of; null when the request names an email.</param>
/// <param name="Email">The address whose events to erase; null when the request names a subject.</param>
internal sealed record ErasureRequest(string? Subject, string? Email)
{
    /// <summary>How the body looks, for the refusals.</summary>
    public const string Shape = "the body is {\"subject\":\"<the business key>\"} or {\"email\":\"<address>\"}, exactly one of them";

    /// <summary>Reads the body; a bad one is a message for a 400, not an exception.</summary>
    public static bool TryRead(JsonDocument? body, [NotNullWhen(true)] out ErasureRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        string? subject = null;
        string? email = null;
        foreach (var property in body is null ? [] : body.RootElement.EnumerateObject().ToArray())
        {
            // A misspelt field would otherwise erase nothing and answer 0, which reads as "done".
            if (property.Name is not ("subject" or "email"))
            {
                error = AdminJsonBody.UnknownField(property.Name, Shape);
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
