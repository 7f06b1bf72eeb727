using System.Text;
using Microsoft.AspNetCore.Http;

namespace Hookbox.AspNetCore;

/// <summary>The 200 answers, <c>{"status":"accepted"|"duplicate","id":"…"}</c>, written without a serializer: they are the hot path.</summary>
internal static class IngestResponse
{
    private static readonly byte[] Accepted = "{\"status\":\"accepted\",\"id\":\""u8.ToArray();
    private static readonly byte[] Duplicate = "{\"status\":\"duplicate\",\"id\":\""u8.ToArray();
    private static readonly byte[] End = "\"}"u8.ToArray();

    public static Task WriteAsync(HttpResponse response, AppendResult result)
    {
        // Hookbox ids are ASCII letters, digits and '_' (see HookboxId): nothing to escape.
        var start = result.Status == AppendStatus.Accepted ? Accepted : Duplicate;
        var length = start.Length + result.Id.Length + End.Length;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = length;

        var writer = response.BodyWriter;
        var span = writer.GetSpan(length);
        start.CopyTo(span);
        Encoding.ASCII.GetBytes(result.Id, span[start.Length..]);
        End.CopyTo(span[(start.Length + result.Id.Length)..]);
        writer.Advance(length);
        return writer.FlushAsync(response.HttpContext.RequestAborted).AsTask();
    }
}
