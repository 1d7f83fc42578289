import Foundation

/// Reader-written text as a safe HTML fragment, shared by the pages, the feeds and the API.
///
/// The one place the domain produces markup from user input (like `Markdown` for authors):
/// everything is escaped, blank lines become paragraphs, single line breaks `<br>`, and bare
/// http(s) URLs become links marked `rel="nofollow ugc noopener"`.
public enum CommentText {
    public static func html(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.allSatisfy(\.isWhitespace) ? "" : String($0) } // a line of spaces is a blank line too
            .joined(separator: "\n")
        let paragraphs = normalised.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        return paragraphs.map { paragraph in
            "<p>" + paragraph.split(separator: "\n", omittingEmptySubsequences: false)
                .map { linkify(String($0)) }.joined(separator: "<br>\n") + "</p>"
        }.joined(separator: "\n")
    }

    /// Escapes text for element content and quoted attribute values.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Escapes a line and turns bare URLs into links; trailing punctuation stays outside.
    static func linkify(_ line: String) -> String {
        var result = ""
        for (index, word) in line.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { result += " " }
            let lower = word.lowercased()
            guard let start = lower.range(of: "https://") ?? lower.range(of: "http://") else {
                result += escape(String(word))
                continue
            }
            let offset = lower.distance(from: lower.startIndex, to: start.lowerBound)
            var url = String(word.dropFirst(offset))
            var trailing = ""
            while let last = url.last, ".,;:!?)]}'\"".contains(last) {
                trailing = String(last) + trailing
                url.removeLast()
            }
            guard CommentDraft.isWebURL(url) else {
                result += escape(String(word))
                continue
            }
            result += escape(String(word.prefix(offset)))
            result += "<a href=\"\(escape(url))\" rel=\"nofollow ugc noopener\">\(escape(url))</a>"
            result += escape(trailing)
        }
        return result
    }
}
