import Foundation
import FuzzSupport
import Mail

/// A mail built from hostile text in every free field (a subject from an article title, a
/// display name from a commenter's name, a body quoting a comment, a List-Unsubscribe URL).
/// Invariants: the message is 7-bit ASCII with CRLF line ends only; no line is longer than
/// 998 octets; the header section holds exactly the fields Feder wrote, in order, so no
/// input injected one.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let fields = String(decoding: bytes(data, size), as: UTF8.self).split(separator: "\u{1}", maxSplits: 4,
                                                                          omittingEmptySubsequences: false).map(String.init)
    func field(_ index: Int) -> String { index < fields.count ? fields[index] : "" }
    let message = MailMessage(
        from: MailAddress("blog@example.org", displayName: field(0))!, to: MailAddress("ada@example.org", displayName: field(1))!,
        subject: field(2), text: field(3), html: field(4), messageID: "feder.1.fuzz@example.org", date: Date(timeIntervalSince1970: 0),
        headers: [(name: "List-Unsubscribe", value: "<https://example.org/mail/1.u.0.0.abc" + field(2).prefix(40) + ">")])
    let raw = message.rendered()
    invariant(raw.allSatisfy { $0 < 0x80 }, "8-bit byte in the message")
    var lineLength = 0
    for (index, byte) in raw.enumerated() {
        if byte == 0x0A {
            invariant(index > 0 && raw[index - 1] == 0x0D, "bare LF")
            lineLength = 0
        } else if byte == 0x0D {
            invariant(index + 1 < raw.count && raw[index + 1] == 0x0A, "bare CR")
        } else {
            lineLength += 1
            invariant(lineLength <= 998, "line longer than 998")
        }
    }
    let text = String(decoding: raw, as: UTF8.self)
    guard let end = text.range(of: "\r\n\r\n") else { invariant(false, "no end of headers"); return 0 }
    let names = text[..<end.lowerBound].components(separatedBy: "\r\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("\t") }
        .map { String($0.prefix { $0 != ":" }) }
    invariant(names == ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Auto-Submitted", "List-Unsubscribe",
                        "Content-Type"], "header fields \(names)")
    return 0
}

@_cdecl("FuzzMailMessage_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
