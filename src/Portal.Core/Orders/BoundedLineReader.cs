using System.Text;

namespace Portal.Core.Orders;

/// <summary>Reads text lines but never holds more than <see cref="MaxLineChars"/> of one: a longer line is skipped
/// to its end and reported as too long, so a file without newlines cannot fill memory (StreamReader.ReadLine
/// would keep the whole thing). Ends of line are \n or \r\n.</summary>
internal sealed class BoundedLineReader(TextReader reader, int maxLineChars)
{
    private readonly char[] _buffer = new char[16 * 1024];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _length;

    public int MaxLineChars { get; } = maxLineChars;

    /// <summary>The next line, or null at the end; <c>TooLong</c> lines come with no text.</summary>
    public async ValueTask<(string? Text, bool TooLong)?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.Clear();
        var tooLong = false;
        var sawAny = false;
        while (true)
        {
            if (_position == _length)
            {
                _length = await reader.ReadAsync(_buffer, cancellationToken);
                _position = 0;
                if (_length == 0)
                    return sawAny ? Finish(tooLong) : null;
            }

            sawAny = true;
            var chunk = _buffer.AsSpan(_position, _length - _position);
            var newline = chunk.IndexOf('\n');
            var part = newline < 0 ? chunk : chunk[..newline];
            _position += newline < 0 ? chunk.Length : newline + 1;
            if (!tooLong && _line.Length + part.Length > MaxLineChars + 1) // +1: a \r before the \n
            {
                tooLong = true;
                _line.Clear();
            }

            if (!tooLong)
                _line.Append(part);
            if (newline >= 0)
                return Finish(tooLong);
        }
    }

    private (string?, bool) Finish(bool tooLong)
    {
        if (tooLong)
            return (null, true);
        if (_line.Length > 0 && _line[^1] == '\r')
            _line.Length--;
        return _line.Length > MaxLineChars ? (null, true) : (_line.ToString(), false);
    }
}
