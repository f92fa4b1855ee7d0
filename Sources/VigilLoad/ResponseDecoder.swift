import NIOCore

/// A minimal HTTP/1.1 response reader for the load generator: it finds where each
/// response ends (`Content-Length`, `chunked`, or a bodiless status) and hands on only
/// the status code and the response's size — no header dictionary, no body copy, so a
/// response costs no allocation beyond NIO's own buffer.
struct ResponseDecoder: ByteToMessageDecoder {
    typealias InboundOut = CompletedResponse

    /// One response read to its end.
    struct CompletedResponse {
        var status: Int
        var bytes: Int
        /// The server said `Connection: close`.
        var closes: Bool
    }

    /// A response the decoder cannot read (the connection is dropped and counted as a
    /// read error).
    struct Malformed: Error, CustomStringConvertible {
        var reason: String
        var description: String { "malformed response: \(reason)" }
    }

    private enum State {
        case head
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
    }

    private var state = State.head
    private var status = 0
    private var closes = false
    private var bytes = 0
    /// Whether the next response answers a HEAD request (then it has no body).
    var expectsNoBody = false

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        while true {
            switch state {
            case .head:
                guard let headLength = Self.headLength(buffer) else {
                    if buffer.readableBytes > 64 * 1024 { throw Malformed(reason: "a response head over 64 KiB") }
                    return .needMoreData
                }
                let (status, length, chunked, closes) = try Self.parseHead(buffer, length: headLength)
                buffer.moveReaderIndex(forwardBy: headLength)
                self.status = status
                self.closes = closes
                bytes = headLength
                if expectsNoBody || status == 204 || status == 304 || (100..<200).contains(status) {
                    finish(context)
                } else if chunked {
                    state = .chunkSize
                } else if let length {
                    state = .body(remaining: length)
                } else {
                    // No length and not chunked: the body runs to the close. Rare for
                    // keep-alive servers; read until then.
                    state = .body(remaining: .max)
                }
            case .body(let remaining):
                let take = min(remaining, buffer.readableBytes)
                buffer.moveReaderIndex(forwardBy: take)
                bytes += take
                if remaining == take {
                    finish(context)
                } else {
                    state = .body(remaining: remaining - take)
                    return .needMoreData
                }
            case .chunkSize:
                guard let line = Self.lineLength(buffer) else { return .needMoreData }
                let size = try Self.chunkSize(buffer, length: line)
                buffer.moveReaderIndex(forwardBy: line + 2)
                bytes += line + 2
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let take = min(remaining, buffer.readableBytes)
                buffer.moveReaderIndex(forwardBy: take)
                bytes += take
                if remaining == take {
                    state = .chunkDataEnd
                } else {
                    state = .chunkData(remaining: remaining - take)
                    return .needMoreData
                }
            case .chunkDataEnd:
                guard buffer.readableBytes >= 2 else { return .needMoreData }
                buffer.moveReaderIndex(forwardBy: 2)
                bytes += 2
                state = .chunkSize
            case .trailers:
                guard let line = Self.lineLength(buffer) else { return .needMoreData }
                buffer.moveReaderIndex(forwardBy: line + 2)
                bytes += line + 2
                if line == 0 { finish(context) }
            }
            if buffer.readableBytes == 0 { return .needMoreData }
        }
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        if case .body(let remaining) = state, remaining == .max {
            bytes += buffer.readableBytes
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            closes = true
            finish(context)
            return .needMoreData
        }
        return try decode(context: context, buffer: &buffer)
    }

    private mutating func finish(_ context: ChannelHandlerContext) {
        context.fireChannelRead(Self.wrapInboundOut(CompletedResponse(status: status, bytes: bytes, closes: closes)))
        state = .head
        expectsNoBody = false
    }

    // MARK: Scanning

    /// The length of the head including its blank line, once it is all there.
    static func headLength(_ buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            guard bytes.count >= 4 else { return nil }
            var index = 3
            while index < bytes.count {
                // step by the last byte of "\r\n\r\n": most positions are skipped at once
                let byte = bytes[index]
                if byte == 10 {
                    if bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 { return index + 1 }
                    index += 2
                } else if byte == 13 {
                    index += 1
                } else {
                    index += 4
                }
            }
            return nil
        }
    }

    /// The length of the line at the reader index, without its CRLF.
    static func lineLength(_ buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            guard bytes.count >= 2 else { return nil }
            for index in 1..<bytes.count where bytes[index] == 10 && bytes[index - 1] == 13 { return index - 1 }
            return nil
        }
    }

    static func chunkSize(_ buffer: ByteBuffer, length: Int) throws -> Int {
        try buffer.withUnsafeReadableBytes { bytes in
            var size = 0
            var digits = 0
            for index in 0..<length {
                let byte = bytes[index]
                let value: Int
                switch byte {
                case 48...57: value = Int(byte) - 48
                case 97...102: value = Int(byte) - 87
                case 65...70: value = Int(byte) - 55
                case 59, 32, 9: // ';' starts chunk extensions
                    guard digits > 0 else { throw Malformed(reason: "empty chunk size") }
                    return size
                default: throw Malformed(reason: "bad chunk size")
                }
                size = size * 16 + value
                digits += 1
                if digits > 15 { throw Malformed(reason: "chunk size too large") }
            }
            guard digits > 0 else { throw Malformed(reason: "empty chunk size") }
            return size
        }
    }

    /// Status, `Content-Length`, chunked, `Connection: close`.
    static func parseHead(_ buffer: ByteBuffer, length: Int) throws -> (Int, Int?, Bool, Bool) {
        try buffer.withUnsafeReadableBytes { bytes in
            // "HTTP/1.x SSS"
            guard length >= 12, bytes[0] == 72, bytes[1] == 84, bytes[2] == 84, bytes[3] == 80, bytes[4] == 47, bytes[8] == 32 else {
                throw Malformed(reason: "not an HTTP/1 status line")
            }
            var status = 0
            for index in 9..<12 {
                let byte = bytes[index]
                guard (48...57).contains(byte) else { throw Malformed(reason: "bad status code") }
                status = status * 10 + Int(byte) - 48
            }
            let http10 = bytes[7] == 48
            var contentLength: Int?
            var chunked = false
            var closes = http10
            // header lines
            var lineStart = 0
            while lineStart < length, bytes[lineStart] != 10 { lineStart += 1 }
            lineStart += 1
            while lineStart < length - 2 {
                var lineEnd = lineStart
                while lineEnd < length, bytes[lineEnd] != 13 { lineEnd += 1 }
                var colon = lineStart
                while colon < lineEnd, bytes[colon] != 58 { colon += 1 }
                let nameLength = colon - lineStart
                var valueStart = colon + 1
                while valueStart < lineEnd, bytes[valueStart] == 32 || bytes[valueStart] == 9 { valueStart += 1 }
                switch nameLength {
                case 14 where Self.equalsIgnoringCase(bytes, lineStart, "content-length"):
                    var value = 0
                    var digits = 0
                    for index in valueStart..<lineEnd {
                        let byte = bytes[index]
                        guard (48...57).contains(byte) else { break }
                        value = value * 10 + Int(byte) - 48
                        digits += 1
                    }
                    guard digits > 0, digits < 16 else { throw Malformed(reason: "bad Content-Length") }
                    contentLength = value
                case 17 where Self.equalsIgnoringCase(bytes, lineStart, "transfer-encoding"):
                    chunked = Self.containsIgnoringCase(bytes, valueStart..<lineEnd, "chunked")
                case 10 where Self.equalsIgnoringCase(bytes, lineStart, "connection"):
                    if Self.containsIgnoringCase(bytes, valueStart..<lineEnd, "close") { closes = true }
                    if Self.containsIgnoringCase(bytes, valueStart..<lineEnd, "keep-alive") { closes = false }
                default:
                    break
                }
                lineStart = lineEnd + 2
            }
            return (status, contentLength, chunked, closes)
        }
    }

    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ word: StaticString) -> Bool {
        let pointer = word.utf8Start
        for index in 0..<word.utf8CodeUnitCount where bytes[start + index] | 0x20 != pointer[index] { return false }
        return true
    }

    static func containsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard range.count >= count else { return false }
        outer: for start in range.lowerBound...(range.upperBound - count) {
            for index in 0..<count where bytes[start + index] | 0x20 != word.utf8Start[index] { continue outer }
            return true
        }
        return false
    }
}
