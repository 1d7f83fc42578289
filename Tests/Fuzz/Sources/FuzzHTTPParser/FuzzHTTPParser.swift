import FuzzSupport
import HTTPServer

/// The HTTP request parser fed the same bytes three ways: all at once, one byte at a time,
/// and in chunks whose sizes come from the input. Invariants: no crash or hang, the same
/// events and the same error every way (any split, checklist A1/C8), and nothing buffered
/// beyond the limits while waiting for more (B6, C6, C7). The limits are small so the
/// fuzzer reaches every one of them with short inputs.
let limits: HTTPParserLimits = {
    var limits = HTTPParserLimits()
    limits.maxRequestLineBytes = 96
    limits.maxHeaderLineBytes = 80
    limits.maxHeaderBytes = 320
    limits.maxHeaderCount = 8
    limits.maxBodyBytes = 256
    limits.maxChunkLineBytes = 24
    limits.maxTrailerBytes = 64
    return limits
}()

/// The most a parser may hold while it waits for more bytes: a partial line of the longest
/// kind (with its CR), or a header section just under its cap.
let maxBuffered = max(limits.maxRequestLineBytes + 1, limits.maxHeaderBytes, limits.maxChunkLineBytes + 1,
                      limits.maxTrailerBytes + 1)

enum Outcome: Equatable {
    case head(String)
    case request(String)
    /// Which error is not compared: a request both malformed and too large (a bare CR in a
    /// header that also overflows the section) may get 400 or 431 depending on how much of
    /// it had arrived, and either answer closes the connection.
    case failed
    case waiting(buffered: Int, midRequest: Bool, readingBody: Bool)
}

func describe(_ head: HTTPRequestHead) -> String {
    "\(head.method) \(head.target) \(head.version.rawValue) " + head.headers.map { "\($0.name)=\($0.value)" }.joined(separator: "|")
}

func check(_ head: HTTPRequestHead) {
    invariant(head.target.hasPrefix("/") || (head.target == "*" && head.method == "OPTIONS"), "target \(head.target)")
    invariant(head.headers.count <= limits.maxHeaderCount, "too many headers")
    invariant(!head.method.isEmpty && !head.method.contains(" "), "method")
    for field in head.headers {
        invariant(!field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }), "control in value")
        invariant(!field.name.isEmpty && !field.name.utf8.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: ":") }), "name")
    }
}

/// Feeds `chunks` in order; stops at the first error.
func run(_ chunks: [ArraySlice<UInt8>]) -> [Outcome] {
    var parser = HTTPRequestParser(limits: limits)
    var outcomes: [Outcome] = []
    for chunk in chunks {
        parser.append(Array(chunk))
        while true {
            let event: HTTPRequestParser.Event?
            do {
                event = try parser.next()
            } catch {
                outcomes.append(.failed)
                return outcomes
            }
            guard let event else { break }
            switch event {
            case .head(let head):
                check(head)
                outcomes.append(.head(describe(head)))
            case .request(let request):
                check(request.head)
                invariant(request.body.count <= limits.maxBodyBytes, "body over the limit: \(request.body.count)")
                outcomes.append(.request(describe(request.head) + " body=\(request.body)"))
            }
        }
        invariant(parser.bufferedByteCount <= maxBuffered, "buffered \(parser.bufferedByteCount) bytes while waiting")
    }
    outcomes.append(.waiting(buffered: parser.bufferedByteCount, midRequest: parser.isMidRequest,
                             readingBody: parser.isReadingBody))
    return outcomes
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let whole = run([input[...]])

    if input.count <= 2048 {
        let single = run(input.indices.map { input[$0...$0] })
        invariant(single == whole, "byte-at-a-time differs:\n\(single)\nvs whole:\n\(whole)")
    }

    var random = SplitMix(seed: input)
    var chunks: [ArraySlice<UInt8>] = []
    var start = 0
    while start < input.count {
        // Mostly short chunks, sometimes long ones, so lines and CRLFs straddle the seams.
        let length = 1 + (random.next(upTo: 4) == 0 ? random.next(upTo: 512) : random.next(upTo: 8))
        let end = min(input.count, start + length)
        chunks.append(input[start..<end])
        start = end
    }
    let split = run(chunks)
    invariant(split == whole, "split feeding differs:\n\(split)\nvs whole:\n\(whole)")
    return 0
}

@_cdecl("FuzzHTTPParser_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
