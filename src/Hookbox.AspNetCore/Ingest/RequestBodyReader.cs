using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Hookbox.AspNetCore;

/// <summary>
/// Reads a request body whole, but never more than a limit: a body that grows past it is
/// abandoned as soon as it does, whether or not a Content-Length announced it.
/// </summary>
internal static class RequestBodyReader
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async ValueTask<byte[]?> ReadAsync(HttpContext context, int maxBytes, CancellationToken cancellationToken)
    {
        // Kestrel's own limit (30 MB by default) must not undercut a source configured larger.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit &&
            limit.MaxRequestBodySize is { } current && current < maxBytes)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length > maxBytes)
            {
                // Consumed and dropped; the server discards whatever the sender still sends.
                reader.AdvanceTo(buffer.End);
                return null;
            }

            if (result.IsCompleted)
            {
                var body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return body;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
