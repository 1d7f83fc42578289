import Testing
@testable import HTTPServer

/// WHATWG URL §5.1 (application/x-www-form-urlencoded) and RFC 3986 §2.1 (percent-encoding).
@Suite("FormFields")
struct FormFieldsTests {
    @Test func plusIsASpace() {
        let fields = FormFields(decoding: "name=Ada+Lovelace&note=a%2Bb+c")
        #expect(fields["name"] == "Ada Lovelace")
        #expect(fields["note"] == "a+b c", "an encoded plus stays a plus")
    }

    @Test func utf8PercentDecoding() {
        let fields = FormFields(decoding: "city=K%C3%B6ln&emoji=%F0%9F%90%A6&mixed=%c3%a9t%C3%A9")
        #expect(fields["city"] == "Köln")
        #expect(fields["emoji"] == "🐦")
        #expect(fields["mixed"] == "été")
    }

    /// Pairs split at the bytes `&` and `=` (WHATWG URL §5.1), also before a combining mark,
    /// which a `Character` split glued to the separator.
    @Test func separatorsFollowedByCombiningMarksStillSeparate() {
        let fields = FormFields(decoding: "a=1&\u{301}b=2&c=\u{301}3")
        #expect(fields.names == ["a", "\u{301}b", "c"])
        #expect(fields["a"] == "1" && fields["\u{301}b"] == "2" && fields["c"] == "\u{301}3")
        #expect(FormFields(decoding: Array("name=Ada+L%C3%B6we&x".utf8))["name"] == "Ada Löwe")
    }

    /// Issue #13: a comment body is decoded strictly, so the form refuses what JSON refuses.
    @Test(arguments: [
        ("name=a%FFb", FormFields.DecodingError.invalidUTF8), ("name=%C0%AF", .invalidUTF8), ("name=%ED%A0%80", .invalidUTF8),
        ("name=a%C3", .invalidUTF8), ("name=a%G1", .malformedEscape), ("body=100%", .malformedEscape), ("x=%4", .malformedEscape),
        ("name=a&body=b&name=c", .repeatedField("name")), ("a&a", .repeatedField("a")),
    ])
    func strictDecodingRefuses(body: String, error: FormFields.DecodingError) {
        #expect(throws: error) { try FormFields(strictlyDecoding: Array(body.utf8)) }
    }

    @Test func strictDecodingOfGoodBodies() throws {
        #expect(throws: FormFields.DecodingError.invalidUTF8) { try FormFields(strictlyDecoding: [0x6E, 0x3D, 0xFF]) }
        let fields = try FormFields(strictlyDecoding: Array("name=Ada+L%C3%B6we&body=1%2B1%3D2&empty=&flag".utf8))
        #expect(fields["name"] == "Ada Löwe" && fields["body"] == "1+1=2" && fields["empty"] == "" && fields["flag"] == "")
        #expect(fields == FormFields(decoding: "name=Ada+L%C3%B6we&body=1%2B1%3D2&empty=&flag"))
        #expect(try FormFields(strictlyDecoding: []).pairs.isEmpty)
    }

    @Test func brokenEscapesStayAsTyped() {
        let fields = FormFields(decoding: "a=%zz&b=100%&c=%4&d=%4g&e=%%41")
        #expect(fields["a"] == "%zz")
        #expect(fields["b"] == "100%")
        #expect(fields["c"] == "%4")
        #expect(fields["d"] == "%4g")
        #expect(fields["e"] == "%A")
    }

    @Test func invalidUTF8BecomesReplacementCharacter() {
        #expect(FormFields(decoding: "x=%FF%FE")["x"] == "\u{FFFD}\u{FFFD}")
        #expect(FormFields(decoding: "x=a%C3")["x"] == "a\u{FFFD}")
    }

    @Test func pairsNamesAndRepeats() {
        let fields = FormFields(decoding: "tag=a&&tag=b&flag&empty=&eq=x=y&%C3%BC=u")
        #expect(fields.values(for: "tag") == ["a", "b"])
        #expect(fields["tag"] == "a", "the first value wins")
        #expect(fields["flag"] == "")
        #expect(fields["empty"] == "")
        #expect(fields["eq"] == "x=y")
        #expect(fields["ü"] == "u")
        #expect(fields["missing"] == nil)
        #expect(fields.names == ["tag", "tag", "flag", "empty", "eq", "ü"])
    }

    @Test func emptyInput() {
        #expect(FormFields(decoding: "").pairs.isEmpty)
        #expect(FormFields(decoding: [UInt8]()).pairs.isEmpty)
    }

    @Test func decodesABody() {
        let fields = FormFields(decoding: Array("author=Z%C3%B6e&body=Hello+there%21".utf8))
        #expect(fields == FormFields(decoding: "author=Zöe&body=Hello there!"))
    }

    @Test func queryItemsOfARequest() {
        let request = HTTPRequest(method: "GET", target: "/search?q=swift+server&page=2")
        #expect(request.queryItems["q"] == "swift server")
        #expect(request.queryItems["page"] == "2")
        #expect(HTTPRequest(method: "GET", target: "/search").queryItems.pairs.isEmpty)
    }

    /// Strict decoding (paths) refuses what form decoding forgives.
    @Test func strictPercentDecoding() {
        #expect(PercentDecoding.decode("caf%C3%A9") == "café")
        #expect(PercentDecoding.decode("a+b") == "a+b", "plus is literal in paths")
        #expect(PercentDecoding.decode("%2F") == "/")
        #expect(PercentDecoding.decode("%zz") == nil)
        #expect(PercentDecoding.decode("%4") == nil)
        #expect(PercentDecoding.decode("%FF") == nil, "not UTF-8")
    }

    @Test func encodingRoundTrips() {
        let text = "a b/c?d=é&f+g~h.i_j-k"
        let encoded = PercentDecoding.encode(text)
        #expect(encoded == "a%20b%2Fc%3Fd%3D%C3%A9%26f%2Bg~h.i_j-k")
        #expect(PercentDecoding.decode(encoded) == text)
        #expect(FormFields(decoding: "x=" + encoded)["x"] == text)
    }
}
