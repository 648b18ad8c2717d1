using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CaptioningKit.Tests.Data;

/// <summary>A request as the test server saw it.</summary>
public sealed record SeenRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>What the test server answers. <paramref name="DropAfter"/> closes the connection after that many body bytes
/// (while promising the whole Content-Length); <paramref name="Hang"/> never answers; <paramref name="StallAfterBody"/>
/// keeps the connection open, silent, after the bytes it sent.</summary>
public sealed record PlannedResponse(int Status, byte[] Body, IReadOnlyDictionary<string, string>? Headers = null,
    int? DropAfter = null, bool Hang = false, bool StallAfterBody = false);

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1, port chosen by the OS, on a raw <see cref="TcpListener"/> so that a test can
/// drop a connection mid-body or ignore Range. One request per connection (Connection: close). No internet involved.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly Func<SeenRequest, int, PlannedResponse> _handler;
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    /// <param name="handler">Gets the request and its 0-based index.</param>
    public LoopbackHttpServer(Func<SeenRequest, int, PlannedResponse> handler)
    {
        _handler = handler;
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public Uri Url(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{path.TrimStart('/')}");

    async Task AcceptLoop()
    {
        var index = 0;
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            var i = index++;
            _ = Task.Run(() => Serve(client, i));
        }
    }

    async Task Serve(TcpClient client, int index)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequest(stream);
                if (request is null) return;
                Requests.Enqueue(request);
                var plan = _handler(request, index);
                if (plan.Hang) { await Task.Delay(Timeout.Infinite, _stop.Token); return; }
                var head = new StringBuilder($"HTTP/1.1 {plan.Status} {Reason(plan.Status)}\r\n");
                head.Append($"Content-Length: {plan.Body.Length}\r\nConnection: close\r\n");
                foreach (var (k, v) in plan.Headers ?? new Dictionary<string, string>()) head.Append($"{k}: {v}\r\n");
                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
                var count = Math.Min(plan.DropAfter ?? plan.Body.Length, plan.Body.Length);
                await stream.WriteAsync(plan.Body.AsMemory(0, count));
                await stream.FlushAsync();
                if (plan.StallAfterBody) await Task.Delay(Timeout.Infinite, _stop.Token);
                // with DropAfter the connection simply closes here, short of the promised Content-Length
            }
            catch (Exception) { /* the client went away: fine for a test server */ }
        }
    }

    static async Task<SeenRequest?> ReadRequest(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0) return null;
            bytes.Add(one[0]);
            var n = bytes.Count;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') break;
        }
        var lines = Encoding.ASCII.GetString(bytes.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var parts = lines[0].Split(' ');
        var headers = new Dictionary<string, string>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        return new SeenRequest(parts[0], parts[1], headers);
    }

    static string Reason(int status) => status switch
    {
        200 => "OK", 206 => "Partial Content", 404 => "Not Found", 416 => "Range Not Satisfiable",
        403 => "Forbidden", 500 => "Internal Server Error", 503 => "Service Unavailable", _ => "Status",
    };

    /// <summary>Serves <paramref name="body"/> honouring "Range: bytes=N-" with 206 + Content-Range, with an ETag.</summary>
    public static PlannedResponse RangeAware(SeenRequest request, byte[] body, string etag = "\"v1\"", int? dropAfter = null)
    {
        var headers = new Dictionary<string, string> { ["ETag"] = etag, ["Accept-Ranges"] = "bytes" };
        if (request.Header("range") is { } range && range.StartsWith("bytes=") && range.EndsWith('-')
            && (request.Header("if-range") is null || request.Header("if-range") == etag))
        {
            var from = int.Parse(range["bytes=".Length..^1]);
            headers["Content-Range"] = $"bytes {from}-{body.Length - 1}/{body.Length}";
            return new PlannedResponse(206, body[from..], headers, dropAfter);
        }
        return new PlannedResponse(200, body, headers, dropAfter);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch (Exception) { }
        _stop.Dispose();
    }
}
