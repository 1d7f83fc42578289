import Foundation
@testable import Imports
import Testing

@Suite struct WXRReaderTests {
    static var fixture: String {
        Bundle.module.path(forResource: "wordpress-small", ofType: "xml", inDirectory: "Fixtures")!
    }

    func read(_ xml: String, limits: WXRReader.Limits = .init()) throws(ImportFileError) -> WXRExport {
        var reader = WXRReader()
        reader.limits = limits
        return try reader.read(data: Data(xml.utf8))
    }

    func refusal(_ xml: String, limits: WXRReader.Limits = .init()) -> ImportFileError? {
        do {
            _ = try read(xml, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    static func wxr(_ items: String, version: String = "1.2") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"
             xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
        <channel><link>https://old.example</link><wp:wxr_version>\(version)</wp:wxr_version>
        \(items)
        </channel></rss>
        """
    }

    @Test func readsItemsCommentsTermsMetaAndAuthorsFromAFile() throws {
        let export = try WXRReader().read(path: Self.fixture)
        #expect(export.siteURL == "https://lena.example")
        #expect(export.authors == [WXRAuthor(login: "lena", displayName: "Lena Hart")])
        #expect(export.items.map(\.type) == ["post", "attachment", "page", "post"])
        let post = export.items[0]
        #expect(post.id == 12 && post.title == "Süßer Duft & große Geduld" && post.creator == "lena")
        #expect(post.link == "https://lena.example/2025/02/11/suesser-duft/" && post.name == "s%c3%bc%c3%9fer-duft")
        #expect(post.dateGMT == "2025-02-11 09:30:00" && post.modifiedGMT == "2025-02-12 08:00:00")
        #expect(post.status == "publish" && post.commentStatus == "open" && post.excerpt == "On patience.")
        #expect(post.content.hasPrefix("<!-- wp:paragraph -->") && post.content.contains("[caption id=\"attachment_13\""))
        #expect(post.content.hasSuffix("A CDATA end inside text: ]]> still text."), "CDATA split around ]]> joins up")
        #expect(post.terms == [WXRTerm(domain: "category", nicename: "baking", name: "Baking"),
                               WXRTerm(domain: "post_tag", nicename: "sourdough", name: "Sourdough")])
        #expect(post.meta == ["_thumbnail_id": "13"])
        #expect(post.comments.map(\.id) == [101, 102, 103, 104, 105, 106, 107])
        #expect(post.comments.map(\.approved) == ["1", "1", "spam", "1", "0", "1", "1"])
        #expect(post.comments[1].parentID == 101 && post.comments[1].content == "Twelve hours &amp; a cold night.")
        #expect(post.comments[0].authorEmail == "grace@example.com" && post.comments[0].authorURL == "https://grace.example")
        #expect(post.comments[3].type == "pingback")
        let attachment = export.items[1]
        #expect(attachment.parentID == 12 && attachment.attachmentURL.hasSuffix("/2025/02/loaf.jpg"))
        #expect(attachment.meta["_wp_attachment_image_alt"] == "A round loaf on a wooden board")
        let page = export.items[2]
        #expect(page.menuOrder == 3 && page.commentStatus == "closed" && page.content.contains("10115 Berlin"))
        #expect(export.items[3].dateGMT == "0000-00-00 00:00:00" && export.items[3].name.isEmpty)
    }

    @Test(arguments: ["1.0", "1.1", "1.2"])
    func everyWXRVersionIsRead(_ version: String) throws {
        let export = try read(Self.wxr("<item><title>T</title><wp:post_type>post</wp:post_type></item>", version: version))
        #expect(export.items.count == 1)
    }

    @Test func aFileThatIsNoWordPressExportIsRefused() {
        #expect(refusal("<rss><channel><item/></channel></rss>")?.problem.contains("wp:wxr_version") == true)
        #expect(refusal(Self.wxr("", version: "2.0"))?.problem.contains("2.0") == true)
    }

    // MARK: - Hostile files

    @Test func anExternalEntityIsNeverRead() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("feder-xxe-\(UUID().uuidString)")
        try Data("TOP SECRET".utf8).write(to: secret)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY leak SYSTEM "file://\(secret.path)">]>
            <rss><channel><wp:wxr_version>1.2</wp:wxr_version><item><title>&leak;</title></item></channel></rss>
            """
        let error = try #require(refusal(xxe))
        #expect(error.line == 2 && error.problem.contains("DOCTYPE"))
    }

    @Test func nestedEntitiesAreRefusedBeforeTheyExpand() throws {
        var lines = ["<?xml version=\"1.0\"?>", "<!DOCTYPE lolz [", "<!ENTITY lol \"lol\">"]
        for level in 1...9 {
            lines.append("<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">")
        }
        lines += ["]>", "<rss><channel><wp:wxr_version>1.2</wp:wxr_version><item><title>&lol9;</title></item></channel></rss>"]
        let started = Date()
        #expect(refusal(lines.joined(separator: "\n"))?.problem.contains("DOCTYPE") == true)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func aDoctypeInAnyCaseIsRefused() {
        #expect(refusal("<?xml version=\"1.0\"?>\n\n<!doctype rss>\n" + Self.wxr(""))?.line == 3)
    }

    @Test func aHugeFieldStopsAtItsLimit() throws {
        var limits = WXRReader.Limits()
        limits.fieldBytes = 1024
        let body = String(repeating: "x", count: 4096)
        let xml = Self.wxr("<item><title>T</title>\n<wp:comment><wp:comment_content><![CDATA[\(body)]]></wp:comment_content></wp:comment></item>")
        let error = try #require(refusal(xml, limits: limits))
        #expect(error.problem.contains("wp:comment_content") && error.problem.contains("larger than 1 KiB") && error.line >= 4)
        // The content of a post has its own, larger limit.
        limits.contentBytes = 8192
        #expect(refusal(Self.wxr("<item><content:encoded><![CDATA[\(body)]]></content:encoded></item>"), limits: limits) == nil)
    }

    @Test func malformedAndTruncatedXMLStopsWithItsLine() throws {
        let truncated = String(Self.wxr("<item><title>T</title></item>").dropLast(20))
        let error = try #require(refusal(truncated))
        #expect(error.problem.hasPrefix("malformed XML") && error.line >= 4)
        let mismatched = try #require(refusal(Self.wxr("<item>\n<title>T</item>")))
        #expect(mismatched.line >= 4 && mismatched.problem.hasPrefix("malformed XML"))
    }

    /// Ill-formed UTF-8 in an element's name crashed Foundation's parser (a failed test first
    /// found it): the bytes are checked before it sees them, in text and in names alike.
    @Test(arguments: ["<item><title>o\u{1}k</title></item>", "<item><ti\u{1}tle>ok</title></item>"])
    func invalidUTF8IsRefusedWithItsLine(_ item: String) throws {
        let bytes = Array(Self.wxr("\n" + item).utf8).map { $0 == 0x01 ? 0xFF : $0 }
        let error = try #require(throws: ImportFileError.self) { try WXRReader().read(data: Data(bytes)) }
        #expect(error.problem.hasPrefix("not UTF-8") && error.line == 6)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("feder-utf8-\(UUID().uuidString).xml")
        try Data(bytes).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        #expect(throws: ImportFileError.self) { try WXRReader().read(path: path.path) }
    }

    @Test func theValidatorFollowsUnicodesTable() {
        func valid(_ bytes: [UInt8]) -> Bool {
            var validator = UTF8Validator()
            return validator.consume(bytes) && validator.isComplete
        }
        #expect(valid(Array("Süßer Duft 🍞 ok".utf8)))
        for bad: [UInt8] in [[0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5],
                             [0xC3]] {
            #expect(!valid(bad), "\(bad)")
        }
        var split = UTF8Validator() // a character across two chunks
        #expect(split.consume([0xF0, 0x9F]) && split.consume([0x8D, 0x9E]) && split.isComplete)
    }
}
