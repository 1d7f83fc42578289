import Foundation
import Locking

/// Error pages rendered once per status and message, with holes for the two things that
/// differ per request (the canonical path and the theme form's way back). Rendering the theme
/// costs about 0.8 ms; a scanner asking for a thousand missing URLs should not cost a second.
final class ErrorPageCache: Sendable {
    /// Stand-ins the template renders unchanged (private-use characters survive escaping).
    static let canonicalHole = "\u{E000}canonical\u{E000}"
    static let returnHole = "\u{E000}return\u{E000}"

    private enum Piece {
        case text(String)
        case canonical
        case returnPath
    }

    private let pages = Locked<[String: [Piece]]>([:])

    /// The page for `key`, rendering it with `render` the first time; holes filled with the
    /// (already escaped) values.
    func page(key: String, canonical: String, returnPath: String, render: () -> String) -> String {
        let pieces = pages.withLock { $0[key] } ?? {
            let pieces = Self.split(render())
            // Keys carry the navigation, which changes now and then: start afresh when full.
            pages.withLock {
                if $0.count >= 64 { $0.removeAll() }
                $0[key] = pieces
            }
            return pieces
        }()
        var html = ""
        for piece in pieces {
            switch piece {
            case .text(let text): html += text
            case .canonical: html += canonical
            case .returnPath: html += returnPath
            }
        }
        return html
    }

    private static func split(_ html: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(html)
        while let hole = [canonicalHole, returnHole].compactMap({ marker in rest.range(of: marker).map { (marker, $0) } })
            .min(by: { $0.1.lowerBound < $1.1.lowerBound }) {
            pieces.append(.text(String(rest[..<hole.1.lowerBound])))
            pieces.append(hole.0 == canonicalHole ? .canonical : .returnPath)
            rest = rest[hole.1.upperBound...]
        }
        pieces.append(.text(String(rest)))
        return pieces
    }
}
