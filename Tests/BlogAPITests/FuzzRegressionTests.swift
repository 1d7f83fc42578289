import BlogAPI
import Testing

/// Inputs found by the libFuzzer targets in Tests/Fuzz, kept as tests.
@Suite struct FuzzRegressionTests {
    /// FuzzJSONComment: in UTF-16 the high byte of U+2200 is `"`, so the byte-level depth
    /// count thought a string had opened and skipped every bracket after it, and Foundation
    /// (which detects UTF-16 by its NUL bytes) accepted 512 levels. RFC 8259 §8.1: UTF-8 only.
    @Test func utf16BodyCannotSlipPastTheDepthLimit() {
        let deep = #"{"name":"∀","body":"x","b":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        let utf16 = Array(deep.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(throws: JSONBody.Failure.malformed) { try JSONBody.object(from: utf16) }
        let shallow = Array(#"{"name":"Ada","body":"Hi"}"#.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(throws: JSONBody.Failure.malformed) { try JSONBody.object(from: shallow) }
    }

    @Test func utf8BodiesStillParse() throws {
        let object = try JSONBody.object(from: Array(#"{"name":"∀ Ada","body":"[[{"}"#.utf8))
        #expect(object["name"] as? String == "∀ Ada")
        #expect(throws: JSONBody.Failure.tooDeep) {
            try JSONBody.object(from: Array(("{\"a\":" + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}").utf8))
        }
    }
}

/// Issue #13: a key named twice in one object is refused; escapes are decoded before keys are
/// compared, and brackets and quotes inside strings do not count.
@Suite struct JSONDuplicateKeyTests {
    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "a"), (#"{"a":1,"\u0061":2}"#, "a"), (#"{"a\"b":1,"a\u0022b":2}"#, "a\"b"),
        (#"{"x":{"b":1,"c":[{"d":1}],"b":2}}"#, "b"), (#"{"\ud83d\ude00":1,"😀":2}"#, "😀"), (#"{"a\nb":1,"a\u000ab":2}"#, "a\nb"),
    ])
    func aRepeatedKeyIsRefused(json: String, key: String) {
        #expect(throws: JSONBody.Failure.duplicateKey(key)) { try JSONBody.object(from: Array(json.utf8)) }
    }

    @Test(arguments: [#"{"k":"{\"k\":1}","v":"\"k\""}"#, #"{"a":{"k":1},"b":{"k":2}}"#, #"{"a":[1,{"a":2}]}"#, #"{"A":1,"a":2}"#])
    func noRepeat(json: String) throws {
        _ = try JSONBody.object(from: Array(json.utf8))
    }
}
