/// An incremental HTTP/1.1 request parser over bytes.
///
/// Bytes are appended as they arrive, in any split; `next()` yields the head of a request as
/// soon as its header section is complete (so the caller can answer `100 Continue` or reject
/// early), then the whole request once its body has arrived. Bytes after a request stay
/// buffered for the next one (pipelining, RFC 9112 §9.3.2). Every rule cites its RFC section;
/// the policy for line ends is: LF or CRLF ends a line, a CR anywhere else is an error (§2.2).
public struct HTTPRequestParser: Sendable {
    public enum Event: Sendable {
        /// The header section is complete and its framing is valid.
        case head(HTTPRequestHead)
        /// The body is complete: the request is ready to answer.
        case request(HTTPRequest)
    }

    private enum State: Sendable {
        case requestLine(emptyLinesSkipped: Int)
        case headers
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(bytes: Int)
        case failed
    }

    public let limits: HTTPParserLimits
    /// The body limit for the request being read; callers may change it after `.head`.
    public var bodyLimit: Int

    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Where the search for the next LF resumes, so byte-at-a-time input stays O(n).
    private var scanIndex = 0
    private var state: State = .requestLine(emptyLinesSkipped: 0)

    private var head: HTTPRequestHead?
    private var requestLine: (method: String, target: String, version: HTTPVersion)?
    private var headers = HTTPHeaders()
    private var headerBytes = 0
    private var body: [UInt8] = []
    private let remoteAddress: String
    /// `targetSoFar` as it was when parsing failed.
    private var targetWhenFailed = ""

    public init(limits: HTTPParserLimits = HTTPParserLimits(), remoteAddress: String = "") {
        self.limits = limits
        self.bodyLimit = limits.maxBodyBytes
        self.remoteAddress = remoteAddress
    }

    /// Bytes received but not yet consumed by a completed request.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// True while part of a request has arrived (for choosing the header or idle timeout).
    public var isMidRequest: Bool {
        if case .requestLine = state { return bufferedByteCount > 0 }
        return true
    }

    /// True while the body of an announced request is being read.
    public var isReadingBody: Bool {
        switch state {
        case .body, .chunkSize, .chunkData, .chunkDataEnd, .trailers: true
        default: false
        }
    }

    /// The target of the request being read, as far as it has arrived (at most 256 bytes, and
    /// empty before any of it): lets a refusal (413, 414, 431, 408) answer in the format of the
    /// resource the request names.
    public var targetSoFar: String {
        if case .failed = state { return targetWhenFailed }
        if case .requestLine = state {
            // Not parsed yet: the bytes after the method's space, up to a space or line end.
            var index = readIndex
            while index < buffer.count, buffer[index] == 0x0D || buffer[index] == 0x0A { index += 1 }
            while index < buffer.count, buffer[index] != 0x20 { index += 1 }
            index += 1
            var end = index
            while end < buffer.count, end - index < 256, buffer[end] > 0x20, buffer[end] < 0x7F { end += 1 }
            return index < end ? String(decoding: buffer[index..<end], as: UTF8.self) : ""
        }
        return String((requestLine?.target ?? "").prefix(256))
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compactIfUseful()
        buffer.append(contentsOf: bytes)
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Advances as far as the buffered bytes allow.
    public mutating func next() throws(HTTPParseError) -> Event? {
        do {
            return try step()
        } catch {
            targetWhenFailed = targetSoFar
            state = .failed
            throw error
        }
    }

    private mutating func step() throws(HTTPParseError) -> Event? {
        while true {
            switch state {
            case .failed:
                throw .badRequest("parser already failed")

            case .requestLine(let skipped):
                guard let line = try nextLine(limit: limits.maxRequestLineBytes, tooLong: .uriTooLong) else {
                    return nil
                }
                if line.isEmpty {
                    // RFC 9112 §2.2: a few empty lines before the request line are ignored.
                    guard skipped < 4 else { throw .badRequest("too many empty lines") }
                    state = .requestLine(emptyLinesSkipped: skipped + 1)
                    continue
                }
                requestLine = try Self.parseRequestLine(line)
                headers = HTTPHeaders()
                headerBytes = line.count
                state = .headers

            case .headers:
                guard let line = try nextLine(limit: limits.maxHeaderLineBytes, tooLong: .headersTooLarge) else {
                    if bufferedByteCount + headerBytes > limits.maxHeaderBytes { throw .headersTooLarge }
                    return nil
                }
                headerBytes += line.count + 2
                if headerBytes > limits.maxHeaderBytes { throw .headersTooLarge }
                if line.isEmpty {
                    let head = try finishHead()
                    self.head = head
                    return .head(head)
                }
                // RFC 9112 §5.2: obs-fold (and whitespace before the first field, §2.2) is rejected.
                if line[line.startIndex] == UInt8(ascii: " ") || line[line.startIndex] == UInt8(ascii: "\t") {
                    throw .badRequest("obsolete line folding")
                }
                guard headers.count < limits.maxHeaderCount else { throw .headersTooLarge }
                let field = try Self.parseField(line)
                headers.add(field.name, field.value)

            case .body(let remaining):
                // The caller may have lowered `bodyLimit` for this route after `.head`.
                guard body.count + remaining <= bodyLimit else { throw .contentTooLarge }
                let take = min(remaining, bufferedByteCount)
                if take > 0 {
                    body.append(contentsOf: buffer[readIndex..<readIndex + take])
                    readIndex += take
                    scanIndex = readIndex
                }
                if remaining - take > 0 {
                    state = .body(remaining: remaining - take)
                    return nil
                }
                return .request(finishRequest())

            case .chunkSize:
                guard let line = try nextLine(limit: limits.maxChunkLineBytes, tooLong: .badRequest("chunk line too long"),
                                              crlf: true) else {
                    return nil
                }
                let size = try Self.parseChunkSize(line)
                if size == 0 {
                    state = .trailers(bytes: 0)
                } else {
                    // RFC 9112 §7.1: the limit is enforced on the running total, before buffering.
                    guard body.count + size <= bodyLimit else { throw .contentTooLarge }
                    state = .chunkData(remaining: size)
                }

            case .chunkData(let remaining):
                let take = min(remaining, bufferedByteCount)
                body.append(contentsOf: buffer[readIndex..<readIndex + take])
                readIndex += take
                scanIndex = readIndex
                if remaining - take > 0 {
                    state = .chunkData(remaining: remaining - take)
                    return nil
                }
                state = .chunkDataEnd

            case .chunkDataEnd:
                // Chunk data must be followed directly by the line end (RFC 9112 §7.1).
                guard let line = try nextLine(limit: 2, tooLong: .badRequest("missing CRLF after chunk data"), crlf: true) else {
                    return nil
                }
                guard line.isEmpty else { throw .badRequest("missing CRLF after chunk data") }
                state = .chunkSize

            case .trailers(let bytes):
                guard let line = try nextLine(limit: limits.maxTrailerBytes, tooLong: .badRequest("trailer too long"), crlf: true) else {
                    return nil
                }
                if line.isEmpty { return .request(finishRequest()) }
                let total = bytes + line.count + 2
                guard total <= limits.maxTrailerBytes else { throw .badRequest("trailer section too large") }
                // Trailer fields are checked for syntax, then ignored (RFC 9112 §7.1.2).
                _ = try Self.parseField(line)
                state = .trailers(bytes: total)
            }
        }
    }

    // MARK: - Lines

    /// The next line without its line end, or nil if it has not fully arrived. `crlf`: only CRLF
    /// ends it. The head may end lines with a bare LF (RFC 9112 §2.2 lets a recipient accept
    /// that), but chunked framing may not (§7.1): a proxy in front that splits only at CRLF
    /// would see another body, and the next request would be smuggled past it.
    private mutating func nextLine(limit: Int, tooLong: HTTPParseError, crlf: Bool = false) throws(HTTPParseError) -> ArraySlice<UInt8>? {
        let end = buffer.count
        var lineFeed: Int?
        buffer.withUnsafeBufferPointer { bytes in
            var index = scanIndex
            while index < end {
                if bytes[index] == 0x0A { lineFeed = index; return }
                index += 1
            }
        }
        guard let lf = lineFeed else {
            scanIndex = end
            if end - readIndex > limit + 1 { throw tooLong }
            return nil
        }
        var lineEnd = lf
        if lineEnd > readIndex && buffer[lineEnd - 1] == 0x0D {
            lineEnd -= 1
        } else if crlf {
            throw .badRequest("bare LF in chunked framing")
        }
        let line = buffer[readIndex..<lineEnd]
        if line.count > limit { throw tooLong }
        // RFC 9112 §2.2: a bare CR is never a line end and never data.
        if line.contains(0x0D) { throw .badRequest("bare CR") }
        readIndex = lf + 1
        scanIndex = readIndex
        return line
    }

    private mutating func compactIfUseful() {
        guard readIndex > 0, readIndex >= buffer.count / 2 || readIndex == buffer.count else { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true) // the usual case between keep-alive requests: no move
        } else {
            buffer.removeSubrange(0..<readIndex)
        }
        scanIndex -= readIndex
        readIndex = 0
    }

    // MARK: - Request line (RFC 9112 §3)

    static func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (method: String, target: String, version: HTTPVersion) {
        // Exactly one SP between the three parts (RFC 9112 §3); never split on runs.
        guard let firstSpace = line.firstIndex(of: UInt8(ascii: " ")) else {
            throw .badRequest("malformed request line")
        }
        let methodBytes = line[line.startIndex..<firstSpace]
        let rest = line[(firstSpace + 1)...]
        guard let secondSpace = rest.firstIndex(of: UInt8(ascii: " ")) else {
            throw .badRequest("malformed request line")
        }
        let targetBytes = rest[rest.startIndex..<secondSpace]
        let versionBytes = rest[(secondSpace + 1)...]

        // RFC 9110 §5.6.2: the method is a token.
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(isTokenByte) else {
            throw .badRequest("invalid method")
        }
        // A fragment never travels in a request (RFC 9112 §3.2: no `#` in any target form).
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "#") }) else {
            throw .badRequest("invalid request target")
        }
        let version: HTTPVersion
        switch String(decoding: versionBytes, as: UTF8.self) {
        case "HTTP/1.1": version = .http11
        case "HTTP/1.0": version = .http10
        case let other where Self.looksLikeHTTPVersion(other) && other.hasPrefix("HTTP/1."):
            version = .http11 // RFC 9110 §2.5: a later 1.x minor version is answered as 1.1
        case let other where Self.looksLikeHTTPVersion(other):
            throw .versionNotSupported // RFC 9112 §2.3, e.g. HTTP/2.0
        default:
            throw .badRequest("invalid HTTP version")
        }
        let method = String(decoding: methodBytes, as: UTF8.self)
        var target = String(decoding: targetBytes, as: UTF8.self)
        if target.hasPrefix("/") {
            // origin-form
        } else if target == "*" {
            guard method == "OPTIONS" else { throw .badRequest("asterisk-form is only for OPTIONS") }
        } else if let path = Self.pathOfAbsoluteForm(target) {
            target = path // RFC 9112 §3.2.2: absolute-form, use its path
        } else {
            throw .badRequest("invalid request target")
        }
        return (method, target, version)
    }

    private static func looksLikeHTTPVersion(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 8 && text.hasPrefix("HTTP/") && isDigit(bytes[5]) && bytes[6] == UInt8(ascii: ".") && isDigit(bytes[7])
    }

    private static func pathOfAbsoluteForm(_ target: String) -> String? {
        for scheme in ["http://", "https://"] where target.lowercased().hasPrefix(scheme) {
            let afterScheme = target.dropFirst(scheme.count)
            guard let slash = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
            let rest = String(afterScheme[slash...])
            return rest.hasPrefix("/") ? rest : "/" + rest
        }
        return nil
    }

    // MARK: - Fields (RFC 9112 §5, RFC 9110 §5.5)

    static func parseField(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPHeaders.Field {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw .badRequest("header line without colon")
        }
        let nameBytes = line[line.startIndex..<colon]
        // A space before the colon makes the name a non-token: rejected (RFC 9112 §5.1).
        guard !nameBytes.isEmpty, nameBytes.allSatisfy(isTokenByte) else {
            throw .badRequest("invalid header name")
        }
        var valueBytes = line[(colon + 1)...]
        while let first = valueBytes.first, first == 0x20 || first == 0x09 { valueBytes.removeFirst() }
        while let last = valueBytes.last, last == 0x20 || last == 0x09 { valueBytes.removeLast() }
        // RFC 9110 §5.5: no NUL, CR, LF or other controls except HTAB; other octets are opaque.
        guard valueBytes.allSatisfy(isFieldValueByte) else {
            throw .badRequest("invalid header value")
        }
        return HTTPHeaders.Field(name: String(decoding: nameBytes, as: UTF8.self),
                                 value: String(decoding: valueBytes, as: UTF8.self))
    }

    // MARK: - Framing (RFC 9112 §6)

    private mutating func finishHead() throws(HTTPParseError) -> HTTPRequestHead {
        guard let line = requestLine else { throw .badRequest("missing request line") }
        let head = HTTPRequestHead(method: line.method, target: line.target, version: line.version, headers: headers)

        // RFC 9112 §3.2: an HTTP/1.1 request has exactly one Host; never two on any version.
        let hosts = headers.values(for: "Host")
        if hosts.count > 1 || (line.version == .http11 && hosts.count != 1) {
            throw .badRequest("missing or duplicate Host")
        }
        if let host = hosts.first, !Self.isValidHost(host) { throw .badRequest("invalid Host") }

        let hasTransferEncoding = headers.contains("Transfer-Encoding")
        let lengths = headers.values(for: "Content-Length")
        body = []
        if hasTransferEncoding {
            // RFC 9112 §6.3 item 3: both TE and CL is smuggling territory.
            guard lengths.isEmpty else { throw .badRequest("both Transfer-Encoding and Content-Length") }
            // RFC 9112 §6.1: TE on HTTP/1.0 means faulty framing.
            guard line.version == .http11 else { throw .badRequest("Transfer-Encoding on HTTP/1.0") }
            let codings = headers.tokens(for: "Transfer-Encoding")
            let chunkedCount = codings.filter { $0 == "chunked" }.count
            if codings == ["chunked"] {
                state = .chunkSize
            } else if chunkedCount > 1 || (chunkedCount == 1 && codings.last != "chunked") || codings.contains("") {
                throw .badRequest("chunked must be the final coding, once") // §6.3 item 4
            } else {
                throw .notImplemented("unsupported transfer coding") // RFC 9112 §6.1
            }
        } else if !lengths.isEmpty {
            // The length is checked against `bodyLimit` in `.body`, before any byte is read
            // but after `.head`, so a route may still raise this request's limit.
            state = .body(remaining: try Self.parseContentLength(lengths))
        } else {
            state = .body(remaining: 0) // RFC 9112 §6.3 item 6: no body
        }
        return head
    }

    /// `Content-Length = 1*DIGIT`; repeated values must agree (RFC 9110 §8.6).
    static func parseContentLength(_ values: [String]) throws(HTTPParseError) -> Int {
        var result: Int?
        for value in values {
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                let digits = item.trimmingASCIIWhitespace().utf8
                guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy(isDigit) else {
                    throw .badRequest("invalid Content-Length")
                }
                let length = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
                if let previous = result, previous != length { throw .badRequest("conflicting Content-Length") }
                result = length
            }
        }
        guard let length = result else { throw .badRequest("invalid Content-Length") }
        return length
    }

    /// `Host = uri-host [ ":" port ]` (RFC 9112 §3.2, RFC 3986 §3.2.2): an IP literal in
    /// brackets or a reg-name (unreserved, sub-delims, percent escapes), then digits. Empty is
    /// allowed (§7.2 of RFC 9110: a target without an authority). No userinfo, no spaces, no
    /// path: `Host: user@evil` and `Host: a b/c` are 400.
    static func isValidHost(_ value: String) -> Bool {
        var bytes = value.utf8[...]
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let literal = bytes[bytes.index(after: bytes.startIndex)..<close]
            // An IPv6 address (hex digits, colons, a dotted IPv4 tail); IPvFuture is not used.
            guard literal.count >= 2, literal.contains(UInt8(ascii: ":")), literal.allSatisfy({
                PercentDecoding.hexValue($0) != nil || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".")
            }) else { return false }
            bytes = bytes[bytes.index(after: close)...]
        } else {
            let name = bytes.prefix { $0 != UInt8(ascii: ":") }
            var index = name.startIndex
            while index < name.endIndex {
                let byte = name[index]
                if byte == UInt8(ascii: "%") {
                    let digits = name[name.index(after: index)...].prefix(2)
                    guard digits.count == 2, digits.allSatisfy({ PercentDecoding.hexValue($0) != nil }) else { return false }
                    index = name.index(index, offsetBy: 3)
                    continue
                }
                guard isUnreservedOrSubDelim(byte) else { return false }
                index = name.index(after: index)
            }
            bytes = bytes[name.endIndex...]
        }
        guard let colon = bytes.first else { return true }
        // A port needs a host before it, and is at most five digits (a longer one is no port).
        let port = bytes.dropFirst()
        return colon == UInt8(ascii: ":") && bytes.startIndex > value.utf8.startIndex && port.count <= 5
            && port.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// RFC 3986 §2.2–2.3: `ALPHA / DIGIT / "-" / "." / "_" / "~"` and `!$&'()*+,;=`.
    private static func isUnreservedOrSubDelim(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
             UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="):
            true
        default:
            false
        }
    }

    /// `chunk-size = 1*HEXDIG`, then optional `;ext` (RFC 9112 §7.1, §7.1.1).
    static func parseChunkSize(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
        var size: UInt64 = 0
        var digits = 0
        var index = line.startIndex
        while index < line.endIndex, let value = PercentDecoding.hexValue(line[index]) {
            digits += 1
            guard digits <= 15 else { throw .badRequest("chunk size too large") }
            size = size << 4 | UInt64(value)
            index += 1
        }
        guard digits > 0 else { throw .badRequest("invalid chunk size") }
        guard isValidChunkExtension(line[index...]) else { throw .badRequest("invalid chunk extension") }
        return Int(size)
    }

    /// `chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )` (RFC 9112
    /// §7.1.1): nothing looser, as proxies that read extensions differently can be told
    /// different bodies. Whitespace may not end the line.
    static func isValidChunkExtension(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        func skipWhitespace() { while index < bytes.endIndex, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 } }
        func token() -> Bool {
            let start = index
            while index < bytes.endIndex, isTokenByte(bytes[index]) { index += 1 }
            return index > start
        }
        func quotedString() -> Bool {
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") else { return false }
            index += 1
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return true
                }
                if byte == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.endIndex, isFieldValueByte(bytes[index]) else { return false }
                } else if !isFieldValueByte(byte) {
                    return false
                }
                index += 1
            }
            return false
        }
        while index < bytes.endIndex {
            skipWhitespace()
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ";") else { return false }
            index += 1
            skipWhitespace()
            guard token() else { return false }
            let afterName = index
            skipWhitespace()
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "=") {
                index += 1
                skipWhitespace()
                guard token() || quotedString() else { return false }
            } else {
                index = afterName
            }
        }
        return true
    }

    private mutating func finishRequest() -> HTTPRequest {
        let request = HTTPRequest(head: head!, body: body, remoteAddress: remoteAddress)
        head = nil
        requestLine = nil
        body = []
        bodyLimit = limits.maxBodyBytes
        state = .requestLine(emptyLinesSkipped: 0)
        return request
    }
}

/// A byte a field value may hold (RFC 9110 §5.5: HTAB, SP, VCHAR, obs-text), and so a quoted
/// string's text and what a backslash escapes in it (§5.6.4); no other control byte.
@inline(__always)
func isFieldValueByte(_ byte: UInt8) -> Bool {
    byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
}

/// `tchar` of RFC 9110 §5.6.2.
@inline(__always)
func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
         UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
         UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
        return true
    default:
        return false
    }
}

@inline(__always)
func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
