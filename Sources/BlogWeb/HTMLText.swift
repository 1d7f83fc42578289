import Blog
import Foundation

/// Escaping and the small amount of HTML the web layer writes itself.
public enum HTMLText {
    /// Escapes text for element content and quoted attribute values.
    public static func escape(_ text: String) -> String { CommentText.escape(text) }

    /// A search snippet: escaped text with `\u{1}…\u{2}` markers turned into `<mark>`.
    public static func snippet(_ marked: String) -> String {
        escape(marked).replacingOccurrences(of: "\u{1}", with: "<mark>").replacingOccurrences(of: "\u{2}", with: "</mark>")
    }
}
