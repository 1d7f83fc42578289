import Foundation

/// The fields of a comment, named as in the form and in JSON.
public enum CommentField: String, Sendable, CaseIterable, Codable, Comparable {
    case name, email, website, body
    case parentID = "parent_id"

    public static func < (lhs: CommentField, rhs: CommentField) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What is wrong with one field; the web and API layers turn it into words.
public enum CommentIssue: String, Sendable, Codable {
    case required
    case tooLong = "too_long"
    case invalid
    case tooDeep = "too_deep"
}

/// A comment as submitted, before validation. Text is stored as typed (after trimming).
public struct CommentDraft: Sendable, Equatable {
    public var name: String
    public var email: String
    public var website: String
    public var body: String
    /// The raw `parent_id` as sent ("" for none); validated against the article's comments.
    public var parentID: String
    /// The hidden field humans leave empty.
    public var honeypot: String
    /// "Email me when someone replies" (double opt-in; only while mail is on).
    public var notify: Bool
    /// "Email me about new comments on this article".
    public var notifyArticle: Bool

    public init(name: String = "", email: String = "", website: String = "", body: String = "",
                parentID: String = "", honeypot: String = "", notify: Bool = false, notifyArticle: Bool = false) {
        self.name = name
        self.email = email
        self.website = website
        self.body = body
        self.parentID = parentID
        self.honeypot = honeypot
        self.notify = notify
        self.notifyArticle = notifyArticle
    }

    public static let maxNameLength = 100
    public static let maxEmailLength = 254
    public static let maxWebsiteLength = 200
    public static let maxBodyLength = 10_000
    /// Bytes of UTF-8, besides the characters: a character may hold any number of combining
    /// marks, so "a" with 3,000 of them counted as one (issue #13). Four bytes a character.
    public static let maxNameBytes = 400
    public static let maxBodyBytes = 40_000
    public static var maxCombiningMarks: Int { VisibleText.maxCombiningMarks }
    /// The request body a post of the largest valid comment needs: percent-encoding (form) and
    /// `\uXXXX` escapes (JSON) take at most three bytes for each byte of UTF-8, so the fields'
    /// 41 KB become 125 KB. Below that, a valid comment in a non-Latin script got a bare 413.
    public static let maxPostBytes = 128 * 1024

    /// The draft with every field trimmed of surrounding whitespace.
    public var trimmed: CommentDraft {
        CommentDraft(name: Self.trim(name), email: Self.trim(email), website: Self.trim(website), body: Self.trim(body),
                     parentID: Self.trim(parentID), honeypot: Self.trim(honeypot), notify: notify, notifyArticle: notifyArticle)
    }

    /// A comment text written in the desk (an edit, a reply): browsers send CRLF line breaks,
    /// stored as LF; trimmed like the form's fields.
    static func deskText(_ text: String) -> String {
        trim(text.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    /// Trims Unicode whitespace and newlines at both ends (what Foundation's
    /// `.whitespacesAndNewlines` trims), without bridging to NSString.
    public static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isWhitespace($0) })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// Checks everything that needs no database, all at once (PRODUCT §5).
    public func fieldIssues() -> [CommentField: CommentIssue] {
        var issues: [CommentField: CommentIssue] = [:]
        if VisibleText.looksEmpty(name) {
            issues[.name] = .required // a name of only invisible characters is no name
        } else if name.utf8.count > Self.maxNameBytes || name.utf8.count > Self.maxNameLength && name.count > Self.maxNameLength {
            issues[.name] = .tooLong
        } else if name.unicodeScalars.contains(where: Self.isControl) || VisibleText.stacksCombiningMarks(name)
                    || VisibleText.hidesCharactersInName(name) {
            issues[.name] = .invalid
        }
        if email.isEmpty {
            issues[.email] = .required
        } else if email.utf8.count > Self.maxEmailLength {
            issues[.email] = .tooLong
        } else if !Self.isPlausibleEmail(email) {
            issues[.email] = .invalid
        }
        if website.utf8.count > Self.maxWebsiteLength && website.count > Self.maxWebsiteLength {
            issues[.website] = .tooLong
        } else if !website.isEmpty && !Self.isWebURL(website) {
            issues[.website] = .invalid
        }
        if let issue = Self.bodyIssue(body) { issues[.body] = issue }
        if !parentID.isEmpty && parsedParentID == nil {
            issues[.parentID] = .invalid
        }
        return issues
    }

    /// What is wrong with a comment's text, if anything: the form's rule, and the desk's when
    /// a moderator edits a comment.
    public static func bodyIssue(_ body: String) -> CommentIssue? {
        if VisibleText.looksEmpty(body) { return .required }
        if body.utf8.count > maxBodyBytes || body.utf8.count > maxBodyLength && body.count > maxBodyLength { return .tooLong }
        if body.unicodeScalars.contains(where: { isControl($0) && $0 != "\n" && $0 != "\t" && $0 != "\r" })
            || VisibleText.stacksCombiningMarks(body) {
            return .invalid
        }
        return nil
    }

    /// The parent comment's id, when one was given and is a positive number.
    public var parsedParentID: Int? {
        guard let value = Int(parentID), value > 0, parentID.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return value
    }

    // ASCII fast paths below: a Unicode property lookup is a table search per scalar, and most
    // of what people type is ASCII (these were a tenth of a comment post's CPU).

    /// Unicode `White_Space`; in ASCII that is TAB, LF, VT, FF, CR and space.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        return scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format && scalar.value == 0x202E
            || (0x2028...0x2029).contains(scalar.value)
    }

    /// `local@domain.tld`: one `@`, no spaces or controls, a dotted domain with a TLD of two or
    /// more letters. Deliberately simple (RFC 5321 allows more than any real mailbox uses).
    static func isPlausibleEmail(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 } ? isPlausibleASCIIEmail(text.utf8) : isPlausibleEmailByCharacters(text)
    }

    /// The rules below on bytes, for the ASCII addresses nearly everyone types: walking
    /// `Character`s cost 4 % of a comment post's CPU. Gives the same answer for every ASCII text
    /// (a test compares the two).
    static func isPlausibleASCIIEmail(_ bytes: String.UTF8View) -> Bool {
        let (at, dot, hyphen) = (UInt8(ascii: "@"), UInt8(ascii: "."), UInt8(ascii: "-"))
        guard let separator = bytes.firstIndex(of: at) else { return false }
        let local = bytes[..<separator], domain = bytes[bytes.index(after: separator)...]
        guard !local.isEmpty, local.count <= 64, !domain.isEmpty, !domain.contains(at),
              !bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F || isEmailSpecial(Unicode.Scalar($0)) }),
              local.first != dot, local.last != dot, !local.contains(subsequence: [dot, dot]) else { return false }
        let labels = domain.split(separator: dot, omittingEmptySubsequences: false)
        guard labels.count >= 2, let tld = labels.last, tld.count >= 2,
              tld.contains(where: { isASCIILetter($0) }) else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != hyphen && label.last != hyphen
                && label.allSatisfy { isASCIILetter($0) || (0x30...0x39).contains($0) || $0 == hyphen }
        }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    static func isPlausibleEmailByCharacters(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty,
              !text.unicodeScalars.contains(where: { isWhitespace($0) || isControl($0) || isEmailSpecial($0) }),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.utf8.contains(subsequence: "..".utf8) else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              let tld = labels.last, tld.count >= 2, tld.allSatisfy({ $0.isLetter || $0 == "-" || $0.isNumber }),
              tld.contains(where: \.isLetter) else { return false }
        return labels.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
    }

    /// The specials of RFC 5322 that need quoting, which no real mailbox name uses.
    private static func isEmailSpecial(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "<", ">", "(", ")", "[", "]", "\\", ",", ";", ":", "\"": true
        default: false
        }
    }

    /// An absolute `http`/`https` URL with a host and nothing that could break out of an attribute.
    public static func isWebURL(_ text: String) -> Bool {
        guard !text.unicodeScalars.contains(where: { isWhitespace($0) || isControl($0) || "\"<>`\\".unicodeScalars.contains($0) }),
              let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              // `https://trusted@evil.example` shows one name and goes to another host.
              components.user == nil, components.password == nil,
              text.lowercased().hasPrefix(scheme + "://") else { return false }
        return true
    }
}
