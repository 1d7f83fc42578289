import Blog
import FuzzSupport
import HTTPServer

/// A comment form body: `application/x-www-form-urlencoded` decoding, then the draft's
/// validation and the rendering of every field as comment text. Invariants: no crash, the
/// rendered HTML holds only `<p>`, `<br>` and http(s) links (no `<script`, `<svg`, event
/// handler or `javascript:` href, no raw `<` from the input), encoding then decoding a
/// decoded pair gives it back, and the strict decoder of the comment routes reads whatever it
/// accepts exactly as the lenient one does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = bytes(data, size)
    let fields = FormFields(decoding: body)
    if let strict = try? FormFields(strictlyDecoding: body) {
        invariant(strict == fields, "strict and lenient decoding disagree on \(String(decoding: body, as: UTF8.self).debugDescription)")
    }
    let draft = CommentDraft(name: fields["name"] ?? "", email: fields["email"] ?? "", website: fields["website"] ?? "",
                             body: fields["body"] ?? "", parentID: fields["parent_id"] ?? "",
                             honeypot: fields["homepage"] ?? "")
    checkDraft(draft)
    // The whole input as one comment body too, so the fuzzer need not find `body=` first.
    checkDraft(CommentDraft(name: "n", email: "a@b.cd", body: String(decoding: body, as: UTF8.self)))

    for pair in fields.pairs.prefix(8) {
        let encoded = PercentDecoding.encode(pair.name) + "=" + PercentDecoding.encode(pair.value)
        let again = FormFields(decoding: encoded)
        invariant(again.pairs.count == 1 && again.pairs[0].name == pair.name && again.pairs[0].value == pair.value,
                  "form round trip of \(pair)")
        if let decoded = PercentDecoding.decode(PercentDecoding.encode(pair.value)) {
            invariant(decoded == pair.value, "percent round trip of \(pair.value.debugDescription)")
        } else {
            invariant(false, "encode produced something decode refuses: \(pair.value.debugDescription)")
        }
    }
    return 0
}

@_cdecl("FuzzCommentForm_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
