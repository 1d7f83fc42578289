@testable import Blog
import Testing

@Suite struct LinkCounterTests {
    @Test(arguments: [
        ("", 0),
        ("no links here, just www and http words", 0),
        ("see https://example.com and http://example.org", 2),
        ("HTTPS://EXAMPLE.COM Www.Example.com", 2),
        ("(https://example.com) text", 1),
        ("a.www.example.com is not at the start", 0),
        ("tab\thttps://a.example\nnewline\u{0B}https://b.example", 2),
        ("no\u{00A0}break\u{00A0}https://a.example\u{3000}www.b.example", 2),
        ("https://a.example\u{2028}https://b.example", 2),
        ("glued:https://a.examplehttps://b.example", 1),
        ("ümlaut-https://a.example", 1),
        ("hxxp://example.com http:/example.com", 0),
    ])
    func countsWordsThatAreLinks(_ text: String, _ expected: Int) {
        #expect(LinkCounter.count(in: text) == expected)
    }

    /// The same count as splitting into `Character` words and lowercasing each, which it replaced.
    @Test func agreesWithTheCharacterBasedCount() {
        let samples = ["Ünïcödé https://ä.example WWW.X.Y", "a\r\nhttps://crlf.example", "e\u{301} www.e.example",
                       String(repeating: "word https://x.example ", count: 50)]
        for text in samples {
            let reference = text.split(whereSeparator: \.isWhitespace).filter {
                let word = $0.lowercased()
                return word.contains("http://") || word.contains("https://") || word.hasPrefix("www.")
            }.count
            #expect(LinkCounter.count(in: text) == reference, "\(text)")
        }
    }
}
