using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Hookbox.AspNetCore;

/// <summary>Hookbox's error answer: <c>{"error":"&lt;code&gt;","message":"&lt;what was wrong&gt;"}</c>.</summary>
internal static class ErrorResponse
{
    public static Task WriteAsync(HttpResponse response, int statusCode, string error, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + message.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("error", error);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        return response.Body.WriteAsync(buffer.WrittenMemory, response.HttpContext.RequestAborted).AsTask();
    }
}
