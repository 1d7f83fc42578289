import Foundation
import Testing
@testable import Mail

@Suite struct MailAddressTests {
    @Test(arguments: ["ada@example.org", "a.b+tag@sub.example.co.uk", "x@localhost"])
    func acceptsPlainAddresses(_ address: String) {
        #expect(MailAddress(address)?.address == address)
    }

    /// Anything that could break out of `RCPT TO:<…>` or a header, and what SMTP without
    /// SMTPUTF8 cannot carry.
    @Test(arguments: ["", "no-at-sign", "@example.org", "ada@", "a@b@c", "ada @example.org", "ada@exa\r\nmple.org",
                      "<ada@example.org>", "ada@example.org>\r\nRCPT TO:<eve@evil.example", "jürgen@example.de",
                      "ada@example.org,eve@evil.example", String(repeating: "a", count: 250) + "@b.de"])
    func refusesWhatSMTPCannotCarrySafely(_ address: String) {
        #expect(MailAddress(address) == nil)
    }

    @Test func printsWithoutTheLocalPart() {
        let address = MailAddress("ada@example.org")!
        #expect("\(address)" == "<…@example.org>")
    }
}

@Suite struct HeaderEncodingTests {
    @Test func asciiStaysReadable() {
        #expect(HeaderEncoding.field("Subject", "A reply to your comment") == "Subject: A reply to your comment\r\n")
    }

    @Test func unicodeBecomesEncodedWordsThatDecodeBack() throws {
        let subject = "Neue Antwort auf „Über Zäune“ – 🌻 " + String(repeating: "ß", count: 60)
        let field = HeaderEncoding.field("Subject", subject)
        let lines = field.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines)")
        #expect(field.utf8.allSatisfy { $0 < 0x80 })
        let words = field.dropFirst("Subject: ".count).replacingOccurrences(of: "\r\n", with: " ").split(separator: " ")
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        let decoded = try words.map { word -> String in
            let payload = word.dropFirst(10).dropLast(2)
            return try #require(Data(base64Encoded: String(payload)).flatMap { String(data: $0, encoding: .utf8) })
        }.joined()
        #expect(decoded == subject)
    }

    /// A line break in a subject (from a comment's article title, say) cannot start a header.
    @Test func lineBreaksCannotInjectAHeader() {
        let field = HeaderEncoding.field("Subject", "Hello\r\nBcc: eve@evil.example")
        #expect(field.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 1)
        #expect(!field.contains("\nBcc"))
    }

    @Test func displayNamesAreQuotedOrEncoded() {
        #expect(HeaderEncoding.address(MailAddress("a@b.de", displayName: "Ada Lovelace")!) == "Ada Lovelace <a@b.de>")
        #expect(HeaderEncoding.address(MailAddress("a@b.de", displayName: "Lovelace, \"Ada\"")!)
                == "\"Lovelace, \\\"Ada\\\"\" <a@b.de>")
        #expect(HeaderEncoding.address(MailAddress("a@b.de", displayName: "Jürgen")!) == "=?UTF-8?B?SsO8cmdlbg==?= <a@b.de>")
        #expect(HeaderEncoding.address(MailAddress("a@b.de")!) == "<a@b.de>")
    }

    /// A run of spaces at the fold point: the fold goes before the run, so no line is blank
    /// (a relay trimming it would end the header section there).
    @Test func noFoldedLineIsOnlySpaces() {
        let field = HeaderEncoding.field("Subject", String(repeating: "x", count: 68) + "  " + String(repeating: "y", count: 30))
        let lines = field.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty }, "\(lines)")
        #expect(lines.joined() == "Subject: " + String(repeating: "x", count: 68) + "  " + String(repeating: "y", count: 30))
    }

    /// What cannot be folded, or would be read as an encoded word, is encoded.
    @Test func longRunsAndEncodedWordLookalikesAreEncoded() {
        let long = HeaderEncoding.field("Subject", String(repeating: "z", count: 1200))
        #expect(long.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        #expect(HeaderEncoding.field("Subject", "=?UTF-8?B?SGk=?=").hasPrefix("Subject: =?UTF-8?B?PT9VVEYtOD9CP1NHaz0/PQ==?="))
    }

    @Test func longASCIIValuesFoldAtSpaces() {
        let value = (1...30).map { "word\($0)" }.joined(separator: " ")
        let field = HeaderEncoding.field("Subject", value)
        let lines = field.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 1 && lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(lines.joined() == "Subject: " + value)
    }
}

@Suite struct QuotedPrintableTests {
    @Test(arguments: [
        "plain text",
        "Grüße aus Köln — 🌻\nzweite Zeile",
        ".a line that starts with a dot\n.\nFrom here on",
        "trailing space \nand tab\t\n",
        String(repeating: "x", count: 300),
        String(repeating: "ä", count: 100) + "=" + String(repeating: "=", count: 40),
        "windows\r\nline\r\nends",
        "old mac\rline\r\rends\n\r",
    ])
    func roundTripsInShortASCIILines(_ text: String) {
        let encoded = QuotedPrintable.encode(text)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 }, "\(lines)")
        #expect(encoded.utf8.allSatisfy { $0 < 0x80 })
        #expect(lines.allSatisfy { !$0.hasPrefix(".") && !$0.hasPrefix("From ") && !$0.hasSuffix(" ") })
        #expect(!encoded.contains("=0D") && !encoded.replacingOccurrences(of: "\r\n", with: "").contains("\r"), "a lone CR is a line break")
        #expect(Self.decode(encoded) == text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
    }

    /// RFC 2045 §6.7 decoding, written independently of the encoder.
    static func decode(_ encoded: String) -> String {
        var bytes: [UInt8] = []
        let source = Array(encoded.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "="), index + 2 < source.count + 1 {
                if index + 2 < source.count, source[index + 1] == 0x0D, source[index + 2] == 0x0A { index += 3; continue }
                bytes.append(UInt8(String(decoding: source[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)!)
                index += 3
            } else if source[index] == 0x0D {
                index += 1 // CRLF → LF
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

@Suite struct MailMessageTests {
    static func sample(subject: String = "Re: Über Zäune", text: String = "Hallo\n.\nEnde") -> MailMessage {
        MailMessage(from: MailAddress("blog@example.org", displayName: "Feder Blog")!,
                    to: MailAddress("ada@example.org", displayName: "Ada")!,
                    subject: subject, text: text, html: "<p>Hallo</p>",
                    messageID: "reply.42.7@example.org", date: Date(timeIntervalSince1970: 1_796_770_800),
                    headers: [(name: "List-Unsubscribe", value: "<https://example.org/unsubscribe?token=abc>"),
                              (name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click")])
    }

    @Test func hasTheHeadersEveryAutomaticMailNeeds() {
        let raw = String(decoding: Self.sample().rendered(), as: UTF8.self)
        let head = raw.components(separatedBy: "\r\n\r\n")[0]
        for expected in ["Date: Tue, 08 Dec 2026 23:00:00 +0000", "From: Feder Blog <blog@example.org>", "To: Ada <ada@example.org>",
                         "Message-ID: <reply.42.7@example.org>", "MIME-Version: 1.0", "Auto-Submitted: auto-generated",
                         "List-Unsubscribe: <https://example.org/unsubscribe?token=abc>",
                         "List-Unsubscribe-Post: List-Unsubscribe=One-Click", "Content-Type: multipart/alternative; boundary="] {
            #expect(head.contains(expected), "missing \(expected) in\n\(head)")
        }
        #expect(raw.utf8.allSatisfy { $0 < 0x80 })
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF")
    }

    /// A long unsubscribe URL stays a URL: an encoded word there breaks one-click unsubscribe.
    @Test func structuredFieldsAreNeverEncoded() {
        let url = "<https://www.a-rather-long-blog-name.example.com/mail/12345.u.0.0.0123456789abcdef0123456789abcdef>"
        var message = Self.sample()
        message.headers = [(name: "List-Unsubscribe", value: url)]
        let raw = String(decoding: message.rendered(), as: UTF8.self)
        #expect(raw.contains("\r\nList-Unsubscribe: \(url)\r\n"))
    }

    @Test func theSameMailRendersTheSameBytes() {
        #expect(Self.sample().rendered() == Self.sample().rendered())
    }

    @Test func hasATextAndAnHTMLPartBetweenItsBoundaries() throws {
        let raw = String(decoding: Self.sample().rendered(), as: UTF8.self)
        let boundary = try #require(raw.firstMatch(of: /boundary="([^"]+)"/)?.1)
        let sections = raw.components(separatedBy: "--\(boundary)")
        #expect(sections.count == 4) // preamble, text, html, closing "--"
        #expect(sections[1].contains("Content-Type: text/plain; charset=utf-8"))
        #expect(sections[2].contains("Content-Type: text/html; charset=utf-8"))
        #expect(sections[3].hasPrefix("--"))
    }
}
