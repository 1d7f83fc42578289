import Foundation

/// One mail to one person: what it says in text and in HTML, and the headers a notification
/// needs. `rendered()` writes it as RFC 5322 with MIME (RFC 2045/2046): a
/// `multipart/alternative` of a `text/plain` and a `text/html` part, both UTF-8 in
/// quoted-printable, every header in ASCII.
public struct MailMessage: Sendable {
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    public var text: String
    /// Already HTML: whoever composes the mail escapes what it puts in.
    public var html: String
    /// Without angle brackets: `local@host`. Stable for one mail, so a retry or a resend after
    /// a crash is recognisably the same message.
    public var messageID: String
    public var date: Date
    /// Further structured fields in order (`List-Unsubscribe`, `List-Id`, `In-Reply-To`, …),
    /// written as given (ASCII; only folded at spaces, never encoded).
    public var headers: [(name: String, value: String)]

    public init(from: MailAddress, to: MailAddress, subject: String, text: String, html: String,
                messageID: String, date: Date, headers: [(name: String, value: String)] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
        self.date = date
        self.headers = headers
    }

    /// The message as it goes to the relay, CRLF line endings throughout.
    public func rendered() -> [UInt8] {
        // The boundary holds "=_", which quoted-printable never produces ('=' is always "=3D"
        // or a soft break), so no part can contain it (RFC 2045 §6.7, RFC 2046 §5.1.1).
        let boundary = "=_feder_" + String(UInt64(truncatingIfNeeded: messageID.utf8.reduce(14_695_981_039_346_656_037) {
            ($0 ^ UInt64($1)) &* 1_099_511_628_211
        }), radix: 16)
        var out = ""
        out += HeaderEncoding.field("Date", MailDate.format(date))
        out += HeaderEncoding.fold("From: " + HeaderEncoding.address(from))
        out += HeaderEncoding.fold("To: " + HeaderEncoding.address(to))
        out += HeaderEncoding.field("Subject", subject)
        out += "Message-ID: <\(String(messageID.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" }))>\r\n"
        out += "MIME-Version: 1.0\r\n"
        // RFC 3834: an automatic message; well-behaved responders do not answer it.
        out += "Auto-Submitted: auto-generated\r\n"
        for header in headers where Self.isFieldName(header.name) {
            out += HeaderEncoding.structuredField(header.name, header.value)
        }
        out += "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n"
        out += "\r\n"
        out += "--\(boundary)\r\n" + Self.part("text/plain", text)
        out += "--\(boundary)\r\n" + Self.part("text/html", html)
        out += "--\(boundary)--\r\n"
        return Array(out.utf8)
    }

    private static func part(_ type: String, _ content: String) -> String {
        "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + QuotedPrintable.encode(content) + "\r\n"
    }

    /// RFC 5322 §3.6.8: printable ASCII but ':' and space.
    private static func isFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
    }
}

/// `Mon, 07 Dec 2026 23:05:00 +0000` (RFC 5322 §3.3), always in UTC.
enum MailDate {
    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000"
    }
}
