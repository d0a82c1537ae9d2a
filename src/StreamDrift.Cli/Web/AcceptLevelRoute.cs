using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StreamDrift.Cli.Running;

namespace StreamDrift.Cli.Web;

/// <summary>
/// <c>POST /stores/{id}/accept-level</c>: an operator says a store's current drift is its new normal (a lasting,
/// legitimate shift). The store's judging re-learns its level at the next window and an open alert resolves,
/// marked <c>level_accepted_by_operator</c> in the alert lifecycle. 202 when asked, 404 for a store not judged
/// here, 405 for any other method. It changes what pages people, so it answers loopback clients only (403
/// otherwise), even when <c>MetricsBind</c> opens the port to a monitoring network for scrapes.
/// </summary>
internal static class AcceptLevelRoute
{
    private const string Prefix = "/stores/";
    private const string Suffix = "/accept-level";

    /// <summary>The store id of an accept-level path, or null for any other path.</summary>
    public static string? StoreOf(string? path)
    {
        if (path is null || !path.StartsWith(Prefix, StringComparison.Ordinal) || !path.EndsWith(Suffix, StringComparison.Ordinal)
            || path.Length <= Prefix.Length + Suffix.Length)
        {
            return null;
        }

        var id = path[Prefix.Length..^Suffix.Length];
        return id.Contains('/', StringComparison.Ordinal) ? null : id;
    }

    public static async Task AnswerAsync(HttpContext context, string storeId, LevelAcceptance? acceptance)
    {
        var response = context.Response;
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            response.Headers.Allow = "POST";
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            response.StatusCode = StatusCodes.Status403Forbidden;
            await WebEndpoint.SendAsync(context, "text/plain; charset=utf-8", "accept-level answers loopback clients only\n"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        if (acceptance is null || !acceptance.TryAccept(storeId))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            await WebEndpoint.SendAsync(context, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes($"no store '{storeId}' is judged here\n")).ConfigureAwait(false);
            return;
        }

        response.StatusCode = StatusCodes.Status202Accepted;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("store", storeId);
            writer.WriteString("acceptance", "requested");
            writer.WriteString("appliesAt", "the store's next judged window");
            writer.WriteEndObject();
        }

        await WebEndpoint.SendAsync(context, "application/json; charset=utf-8", buffer.ToArray()).ConfigureAwait(false);
    }
}
