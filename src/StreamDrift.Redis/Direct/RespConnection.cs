using System.Buffers;
using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;

namespace StreamDrift.Redis.Direct;

/// <summary>
/// One plain TCP connection to Redis speaking RESP2, strictly request then reply: just enough for a count's
/// handshake (AUTH, SELECT, INFO, DBSIZE) and its SCAN pages. Replies are read from one pooled receive buffer;
/// the caller reads a large reply in place, element by element, with <see cref="TryReadHeader"/> and
/// <see cref="TryReadBulk"/>, calling <see cref="FillAsync"/> when they say the bytes have not all arrived.
/// Not thread-safe: one caller at a time (a count gives each share its own connection).
/// </summary>
public sealed class RespConnection : IDisposable
{
    // Any single step (connect, one reply) longer than this is a server in trouble: the count gives up on it.
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);
    private readonly Socket _socket;
    private readonly CancellationTokenSource _timeout = new();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
    private byte[] _command = new byte[256];
    private int _queued;
    private int _start;
    private int _end;

    private RespConnection(Socket socket) => _socket = socket;

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> (a name is resolved), within <paramref name="timeout"/>.</summary>
    public static async Task<RespConnection> OpenAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            await socket.ConnectAsync(host, port, limit.Token).ConfigureAwait(false);
            return new RespConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Queues one command (a RESP array of bulk strings) in the send buffer; <see cref="FlushAsync"/> sends what is queued.</summary>
    public void Queue(params ReadOnlySpan<string> args)
    {
        Append((byte)'*', args.Length);
        foreach (var arg in args)
        {
            var length = Encoding.UTF8.GetByteCount(arg);
            Append((byte)'$', length);
            Reserve(length + 2);
            _queued += Encoding.UTF8.GetBytes(arg, _command.AsSpan(_queued));
            _command[_queued++] = (byte)'\r';
            _command[_queued++] = (byte)'\n';
        }
    }

    /// <summary>Sends the queued commands.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        while (sent < _queued)
        {
            sent += await _socket.SendAsync(_command.AsMemory(sent, _queued - sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        _queued = 0;
    }

    /// <summary>
    /// One whole reply, small (a handshake's): a string for a simple or bulk string, a long for an integer, an
    /// object?[] for an array, null for a null; an error reply is a <see cref="RespErrorException"/>.
    /// </summary>
    public async Task<object?> ReadReplyAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var at = _start;
            if (TryParse(ref at, out var value))
            {
                _start = at;
                return value is RespErrorException error ? throw error : value;
            }
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads a header line of <paramref name="type"/> (<c>*</c> array, <c>:</c> integer) and its number, if it has
    /// arrived whole. An error reply in its place throws <see cref="RespErrorException"/>.
    /// </summary>
    public bool TryReadHeader(byte type, out long value)
    {
        var span = _buffer.AsSpan(_start, _end - _start);
        if (!TryLine(span, out var line, out var used))
        {
            value = 0;
            return false;
        }
        value = Header(line, type);
        _start += used;
        return true;
    }

    /// <summary>
    /// A bulk string's bytes, where they lie in the receive buffer (valid until the next read or fill), if it has
    /// arrived whole. A null bulk string or another reply in its place throws <see cref="RespErrorException"/>.
    /// </summary>
    public bool TryReadBulk(out ReadOnlySpan<byte> value)
    {
        var span = _buffer.AsSpan(_start, _end - _start);
        value = default;
        if (!TryLine(span, out var line, out var used))
        {
            return false;
        }
        var length = Header(line, (byte)'$');
        if (length < 0 || length > int.MaxValue - 2)
        {
            throw new RespErrorException($"unexpected bulk string length {length}");
        }
        if (span.Length < used + length + 2)
        {
            return false;
        }
        value = span.Slice(used, (int)length);
        _start += used + (int)length + 2;
        return true;
    }

    /// <summary>Receives more of the reply being read: compacts or grows the buffer when it is full. Fails when Redis closes the connection.</summary>
    public async ValueTask FillAsync(CancellationToken cancellationToken = default)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_buffer.Length - _end < 4096)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                (_end, _start) = (_end - _start, 0);
            }
            if (_buffer.Length - _end < 4096)
            {
                var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
        }
        _timeout.CancelAfter(StepTimeout);
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token) : null;
        var received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, linked?.Token ?? _timeout.Token).ConfigureAwait(false);
        _timeout.TryReset();
        if (received == 0)
        {
            throw new IOException("Redis closed the connection");
        }
        _end += received;
    }

    public void Dispose()
    {
        _socket.Dispose();
        _timeout.Dispose();
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // A value starting at `at`, if whole: advances `at` past it. Errors come back as the exception to throw.
    private bool TryParse(ref int at, out object? value)
    {
        value = null;
        var span = _buffer.AsSpan(at, _end - at);
        if (!TryLine(span, out var line, out var used))
        {
            return false;
        }
        var text = line[1..];
        switch (line[0])
        {
            case (byte)'+':
                value = Encoding.UTF8.GetString(text);
                at += used;
                return true;
            case (byte)'-':
                value = new RespErrorException(Encoding.UTF8.GetString(text));
                at += used;
                return true;
            case (byte)':':
                value = Number(text);
                at += used;
                return true;
            case (byte)'$':
                var length = Number(text);
                if (length < 0)
                {
                    at += used;
                    return true;
                }
                if (span.Length < used + length + 2)
                {
                    return false;
                }
                value = Encoding.UTF8.GetString(span.Slice(used, (int)length));
                at += used + (int)length + 2;
                return true;
            case (byte)'*':
                var count = Number(text);
                var next = at + used;
                if (count < 0)
                {
                    at = next;
                    return true;
                }
                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    if (!TryParse(ref next, out items[i]))
                    {
                        return false;
                    }
                }
                value = items;
                at = next;
                return true;
            default:
                throw new RespErrorException($"not a RESP2 reply (starts with byte {line[0]})");
        }
    }

    // The line at the start of span without its CRLF, and how many bytes it takes with it.
    private static bool TryLine(ReadOnlySpan<byte> span, out ReadOnlySpan<byte> line, out int used)
    {
        var newline = span.IndexOf((byte)'\n');
        if (newline < 1)
        {
            line = default;
            used = 0;
            return false;
        }
        line = span[..(newline - 1)];
        used = newline + 1;
        return true;
    }

    private static long Header(ReadOnlySpan<byte> line, byte type)
    {
        if (line.Length > 0 && line[0] == type)
        {
            return Number(line[1..]);
        }
        throw line.Length > 0 && line[0] == (byte)'-'
            ? new RespErrorException(Encoding.UTF8.GetString(line[1..]))
            : new RespErrorException($"unexpected reply: wanted '{(char)type}', got '{(line.Length > 0 ? (char)line[0] : ' ')}'");
    }

    private static long Number(ReadOnlySpan<byte> text) =>
        Utf8Parser.TryParse(text, out long value, out var used) && used == text.Length
            ? value
            : throw new RespErrorException("a RESP length or integer that is not a number");

    private void Append(byte type, long number)
    {
        Reserve(24);
        _command[_queued++] = type;
        Utf8Formatter.TryFormat(number, _command.AsSpan(_queued), out var written);
        _queued += written;
        _command[_queued++] = (byte)'\r';
        _command[_queued++] = (byte)'\n';
    }

    private void Reserve(int bytes)
    {
        if (_command.Length - _queued < bytes)
        {
            Array.Resize(ref _command, Math.Max(_command.Length * 2, _queued + bytes));
        }
    }
}
