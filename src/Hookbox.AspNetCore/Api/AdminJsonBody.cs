using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Hookbox.AspNetCore;

/// <summary>
/// The small JSON object bodies the admin API takes (<c>POST /api/erase</c>, <c>POST …/catch-up</c>): read,
/// bounded and refused the same way, so each endpoint only says what its fields mean.
/// </summary>
internal static class AdminJsonBody
{
    /// <summary>Larger than any body these endpoints take, small enough that nobody can make one hold much.</summary>
    public const int MaxBytes = 4096;

    /// <summary>
    /// Reads the request's body as one JSON object. A body too large (413) or not a JSON object (400) is answered
    /// here, naming <paramref name="shape"/>, and yields <c>Read: false</c>; an empty body yields a null document.
    /// </summary>
    public static async Task<(bool Read, JsonDocument? Document)> ReadObjectAsync(HttpContext context, string shape)
    {
        var body = await RequestBodyReader.ReadAsync(context, MaxBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                $"the body is at most {MaxBytes} bytes; {shape}").ConfigureAwait(false);
            return (false, null);
        }

        var text = ByteOrderMark.Skip(body);
        if (text.Trim(" \t\r\n"u8).IsEmpty)
            return (true, null);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text.ToArray());
        }
        catch (JsonException)
        {
            await RefuseAsync(context, $"the body is not JSON; {shape}").ConfigureAwait(false);
            return (false, null);
        }

        if (document.RootElement.ValueKind == JsonValueKind.Object)
            return (true, document);

        document.Dispose();
        await RefuseAsync(context, $"the body is not a JSON object; {shape}").ConfigureAwait(false);
        return (false, null);
    }

    /// <summary>Answers 400 <c>invalid_body</c> with <paramref name="error"/>.</summary>
    public static Task RefuseAsync(HttpContext context, string error) =>
        JsonResponse.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, ErrorCodes.InvalidBody, error);

    /// <summary>
    /// The refusal for a field the endpoint does not take: a misspelt one would otherwise be ignored, and the
    /// request would do something other than what was asked, silently.
    /// </summary>
    public static string UnknownField(string name, string shape) => $"the body has a field '{Excerpt(name)}' this endpoint does not take; {shape}";

    /// <summary>What the caller sent, cut short: enough to recognise it in the message.</summary>
    public static string Excerpt(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
