import Blog
import Foundation

/// Escaping and the small amount of HTML the web layer writes itself.
public enum HTMLText {
    /// Escapes text for element content and quoted attribute values.
    public static func escape(_ text: String) -> String { CommentText.escape(text) }

    /// A search snippet: escaped text with `\u{1}…\u{2}` markers turned into `<mark>`.
    public static func snippet(_ marked: String) -> String {
        let escaped = escape(marked) // the markers are controls: escaping leaves them alone
        var output: [UInt8] = []
        output.reserveCapacity(escaped.utf8.count + 64)
        for byte in escaped.utf8 {
            switch byte {
            case 1: output += "<mark>".utf8
            case 2: output += "</mark>".utf8
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
