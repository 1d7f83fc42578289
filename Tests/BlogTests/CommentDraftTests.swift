@testable import Blog
import Testing

@Suite struct CommentDraftTests {
    func issues(_ draft: CommentDraft) -> [CommentField: CommentIssue] { draft.trimmed.fieldIssues() }

    @Test func aGoodDraftHasNoIssues() {
        #expect(issues(makeDraft()).isEmpty)
        #expect(issues(makeDraft(website: "https://example.com/me?x=1#y", parentID: "12")).isEmpty)
    }

    @Test func everyMissingRequiredFieldIsReportedAtOnce() {
        #expect(issues(CommentDraft()) == [.name: .required, .email: .required, .body: .required])
        #expect(issues(CommentDraft(name: "  \n", email: "\t", website: "  ", body: " \n\n ")) ==
                [.name: .required, .email: .required, .body: .required])
    }

    @Test func aNameOfOnlyInvisibleCharactersIsMissing() {
        #expect(issues(makeDraft(name: "\u{200B}\u{200D}"))[.name] == .required)
        // Issue #13: Hangul fillers, the Braille blank and other default-ignorables look empty too.
        for blank in ["\u{3164}\u{3164}", "\u{2800}", "\u{115F}\u{1160}", "\u{FFA0}", "\u{2060}\u{FEFF}", "\u{180E} \u{034F}"] {
            #expect(issues(makeDraft(name: blank))[.name] == .required, "\(blank.unicodeScalars.map(\.value))")
            #expect(issues(makeDraft(body: blank + "\n" + blank))[.body] == .required, "body \(blank.unicodeScalars.map(\.value))")
        }
        #expect(issues(makeDraft(body: "\u{200B}"))[.body] == .required)
    }

    /// Issue #13: an invisible character in a name makes it look like another one.
    @Test(arguments: ["Ad\u{200B}min", "Ad\u{200D}min", "Ad\u{200C}min", "Zoë\u{200D}", "\u{2060}Ada", "A\u{FEFF}da", "Ada\u{FE0F}",
                      "Ada\u{3164}Lovelace", "Ad\u{00AD}min", "A\u{E0041}da",
                      // Format characters that are not default-ignorable (found in review).
                      "Ad\u{FFF9}min", "Ad\u{13430}min", "Ad\u{0600}min"])
    func invisibleCharactersInNamesAreInvalid(_ name: String) {
        #expect(issues(makeDraft(name: name))[.name] == .invalid, "\(name.unicodeScalars.map(\.value))")
    }

    /// …except where a script or an emoji needs a joiner or a variation selector.
    @Test(arguments: ["\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}", "\u{0915}\u{094D}\u{200D}\u{0937}",
                      "Ana \u{1F469}\u{200D}\u{1F4BB}", "\u{2764}\u{FE0F} Ana", "1\u{FE0F}\u{20E3} Ana", "\u{1F44B}\u{1F3FD} Ana"])
    func joinersThatScriptsAndEmojiNeedAreKept(_ name: String) {
        #expect(issues(makeDraft(name: name)).isEmpty, "\(name.unicodeScalars.map(\.value))")
    }

    /// Issue #13: combining marks count as one character, so bytes are capped as well, and more
    /// than four marks on one letter ("Zalgo" text) are refused.
    @Test func combiningMarksAreCappedPerLetterAndInBytes() {
        let piled = "a" + String(repeating: "\u{0301}", count: 3_000)
        #expect(piled.count == 1)
        #expect(issues(makeDraft(name: piled))[.name] == .tooLong)
        #expect(issues(makeDraft(name: "a" + String(repeating: "\u{0301}", count: 5)))[.name] == .invalid)
        #expect(issues(makeDraft(name: "a" + String(repeating: "\u{0301}", count: 4))).isEmpty)
        #expect(issues(makeDraft(name: "Nguy\u{0065}\u{0302}\u{0303}n")).isEmpty)
        #expect(issues(makeDraft(body: "Hi " + "e" + String(repeating: "\u{0300}", count: 5)))[.body] == .invalid)
        #expect(issues(makeDraft(body: String(repeating: "e\u{0301}", count: 9_000))).isEmpty, "9,000 characters in 27,000 bytes")
        // The most a body may hold: 10,000 characters of four bytes each.
        #expect(issues(makeDraft(body: String(repeating: "\u{1D538}", count: 10_000))).isEmpty)
        #expect(issues(makeDraft(body: String(repeating: "a\u{0301}\u{0301}\u{0301}", count: 6_000)))[.body] == .tooLong)
        #expect(issues(makeDraft(name: String(repeating: "\u{1D538}", count: 100))).isEmpty)
        // Found in review: a zero-width non-joiner after every fourth mark kept the pile going.
        let hidden = "Bob" + String(repeating: "\u{0300}\u{0301}\u{0302}\u{0303}\u{200C}", count: 30) + "\u{0300}"
        #expect(issues(makeDraft(name: hidden))[.name] == .invalid)
        #expect(issues(makeDraft(body: "x" + String(repeating: "\u{0300}\u{0301}\u{200B}", count: 10)))[.body] == .invalid)
        // Spacing marks take room of their own: ordinary Burmese has five on a syllable.
        #expect(issues(makeDraft(name: "\u{101C}\u{103B}\u{103E}\u{1031}\u{102C}\u{1037}")).isEmpty)
        #expect(issues(makeDraft(body: "\u{1008}\u{1031}\u{1038}\u{1014}\u{103E}\u{102F}\u{1014}\u{103A}\u{1038}\u{1000}\u{102D}\u{102F} "
                                 + "\u{101C}\u{103B}\u{103E}\u{1031}\u{102C}\u{1037}\u{1015}\u{102B}"))[.body] == nil)
    }

    @Test func everyOverLongFieldIsReportedAtOnce() {
        let local = String(repeating: "a", count: 64)
        let longEmail = local + "@" + String(repeating: "b", count: 63) + "." + String(repeating: "c", count: 63) + "."
            + String(repeating: "d", count: 59) + ".de" // 255 bytes
        #expect(longEmail.utf8.count == 255)
        let draft = CommentDraft(name: String(repeating: "n", count: 101), email: longEmail,
                                 website: "https://example.com/" + String(repeating: "w", count: 181),
                                 body: String(repeating: "b", count: 10_001))
        #expect(issues(draft) == [.name: .tooLong, .email: .tooLong, .website: .tooLong, .body: .tooLong])
    }

    @Test func limitsAreInclusive() {
        let draft = CommentDraft(name: String(repeating: "ü", count: 100), email: "a@" + String(repeating: "b", count: 60) + ".de",
                                 website: "https://example.com/" + String(repeating: "w", count: 180),
                                 body: String(repeating: "🪶", count: 10_000))
        #expect(issues(draft).isEmpty)
    }

    @Test(arguments: [
        ("user@example.com", true), ("first.last+tag@sub.example.co.uk", true), ("jörg@müller.de", true),
        ("USER@EXAMPLE.COM", true), ("a@b.io", true),
        ("a@b", false), ("a@@b.c", false), ("a b@c.de", false), ("a@b.c", false), ("@example.com", false),
        ("user@", false), ("user@.com", false), ("user@example..com", false), ("user@-example.com", false),
        (".user@example.com", false), ("us..er@example.com", false), ("user@example.123", false),
        ("<user@example.com>", false), ("user@exa_mple.com", false), ("user\u{0}@example.com", false),
    ])
    func emails(_ email: String, _ valid: Bool) {
        #expect(issues(makeDraft(email: email))[.email] == (valid ? nil : .invalid))
    }

    @Test(arguments: [
        ("https://example.com", true), ("http://example.com/path?q=1", true), ("HTTPS://EXAMPLE.COM", true),
        ("javascript:alert(1)", false), ("JavaScript://example.com/%0Aalert(1)", false), ("ftp://x.y", false),
        ("data:text/html,hi", false), ("//example.com", false), ("example.com", false), ("https://", false),
        ("https://exa mple.com", false), ("https://example.com/\"onmouseover=", false), ("https://example.com/<x>", false),
        // Userinfo names one site and leads to another (issue #13).
        ("https://trusted@evil.example", false), ("https://user:pass@example.com/", false), ("https://@example.com", false),
        ("https://example.com/@someone", true),
    ])
    func websites(_ website: String, _ valid: Bool) {
        #expect(issues(makeDraft(website: website))[.website] == (valid ? nil : .invalid))
    }

    @Test(arguments: ["Zoë", "Jürgen Groß", "李小龙", "Nguyễn Văn A", "O'Brien-Smith", "🪶 Feder"])
    func unicodeNamesAreValid(_ name: String) {
        #expect(issues(makeDraft(name: name)).isEmpty)
    }

    @Test(arguments: ["Bad\u{0}Name", "Bell\u{7}", "Line\nbreak", "Tab\tname", "Esc\u{1B}[31m", "rtl\u{202E}evil", "sep\u{2028}x"])
    func controlCharactersInNamesAreInvalid(_ name: String) {
        #expect(issues(makeDraft(name: name))[.name] == .invalid)
    }

    @Test func bodiesKeepLineBreaksButNotOtherControls() {
        #expect(issues(makeDraft(body: "Line one\r\n\tLine two\n\nThree")).isEmpty)
        #expect(issues(makeDraft(body: "null\u{0}byte"))[.body] == .invalid)
    }

    @Test(arguments: ["0", "-1", "abc", "1.5", "+3", "٣", "99999999999999999999999"])
    func parentIDsMustBePositiveNumbers(_ parentID: String) {
        #expect(issues(makeDraft(parentID: parentID))[.parentID] == .invalid)
    }

    @Test func asciiFastPathsAgreeWithUnicodeProperties() {
        for value in UInt8(0)..<0x80 {
            let scalar = Unicode.Scalar(value)
            #expect(CommentDraft.isWhitespace(scalar) == scalar.properties.isWhitespace, "U+\(value)")
            #expect(CommentDraft.isControl(scalar) == (scalar.properties.generalCategory == .control), "U+\(value)")
        }
        #expect(CommentDraft.isWhitespace("\u{85}") && CommentDraft.isWhitespace("\u{A0}") && CommentDraft.isWhitespace("\u{3000}"))
        #expect(CommentDraft.trim("\u{A0}\u{3000}Ada\u{2029}") == "Ada")
    }

    /// The byte-wise email check must answer like the Character-wise one for every ASCII
    /// text: every string of up to five symbols from an alphabet of the characters the rules
    /// look at, each symbol repeated to reach the length limits, plus the listed addresses.
    @Test func asciiEmailCheckAgreesWithTheCharacterCheck() {
        let alphabet = ["a", "Z", "7", "@", ".", "-", "_", " ", "\t", "<", "\"", "\u{7F}", "\r\n", "a.b", "co", "x@y.io"]
        var texts: [String] = ["user@example.com", "first.last+tag@sub.example.co.uk", "a@b.c1", "a@b.1c", "a@b.-c", "a@b.c-",
                               String(repeating: "a", count: 64) + "@example.com", String(repeating: "a", count: 65) + "@example.com",
                               "a@" + String(repeating: "b", count: 63) + ".com", "a@" + String(repeating: "b", count: 64) + ".com"]
        var layer = [""]
        for _ in 0..<5 {
            layer = layer.flatMap { prefix in alphabet.map { prefix + $0 } }
            texts += layer
        }
        var disagreements: [String] = []
        for text in texts where CommentDraft.isPlausibleASCIIEmail(text.utf8) != CommentDraft.isPlausibleEmailByCharacters(text) {
            disagreements.append(text)
        }
        #expect(texts.count > 1_000_000)
        #expect(disagreements.count == 0, "first: \(disagreements.prefix(10))")
    }

    @Test func trimmingRemovesSurroundingWhitespaceOnly() {
        let draft = CommentDraft(name: "  Ada  ", email: " ada@example.com\n", website: " https://example.com ",
                                 body: "\n  Hello\n\nWorld  \n", parentID: " 3 ", honeypot: " ")
        #expect(draft.trimmed == CommentDraft(name: "Ada", email: "ada@example.com", website: "https://example.com",
                                              body: "Hello\n\nWorld", parentID: "3", honeypot: ""))
        #expect(draft.trimmed.parsedParentID == 3)
    }
}
