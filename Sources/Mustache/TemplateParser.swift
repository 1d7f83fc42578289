/// Mustache source to `TemplateNode`s, following the Mustache spec: set delimiters, triple
/// mustaches, comments, and standalone lines (a line holding only a section, comment, partial,
/// parent, block or delimiter tag and whitespace disappears from the output).
struct TemplateParser {
    let name: String
    private let source: [UInt8]

    init(name: String, source: String) {
        self.name = name
        self.source = Array(source.utf8)
    }

    func parse() throws(MustacheError) -> [TemplateNode] {
        var tokens = try tokenize()
        markStandaloneLines(&tokens)
        var index = 0
        var atLineStart = true
        let nodes = try build(&index, &tokens, atLineStart: &atLineStart, closing: nil)
        return nodes
    }

    // MARK: - Tokens

    private enum Sigil: UInt8 {
        case section = 0x23 // #
        case inverted = 0x5E // ^
        case close = 0x2F // /
        case comment = 0x21 // !
        case partial = 0x3E // >
        case delimiters = 0x3D // =
        case parent = 0x3C // <
        case block = 0x24 // $
        case unescaped = 0x26 // &
        case triple = 0x7B // {
    }

    private struct Token {
        enum Kind {
            case text([UInt8])
            case tag(Sigil?, String)
        }
        var kind: Kind
        let line: Int
        /// Standalone: the tag's line is dropped; `indentation` is what preceded the tag.
        var standalone = false
        var indentation: [UInt8] = []
        /// Text removed with a standalone line.
        var removed = false
    }

    private func tokenize() throws(MustacheError) -> [Token] {
        var tokens: [Token] = []
        var open: [UInt8] = Array("{{".utf8), close: [UInt8] = Array("}}".utf8)
        var position = 0
        var line = 1
        func addText(_ bytes: ArraySlice<UInt8>) {
            // One token per line, each ending with its newline, so standalone lines are easy to see.
            var start = bytes.startIndex
            for index in bytes.indices where bytes[index] == 0x0A {
                tokens.append(Token(kind: .text(Array(bytes[start...index])), line: line))
                line += 1
                start = index + 1
            }
            if start < bytes.endIndex { tokens.append(Token(kind: .text(Array(bytes[start...])), line: line)) }
        }
        while position < source.count {
            guard let tagStart = find(open, from: position) else {
                addText(source[position...])
                break
            }
            if tagStart > position { addText(source[position..<tagStart]) }
            var contentStart = tagStart + open.count
            var sigil: Sigil?
            var closing = close
            if contentStart < source.count, let found = Sigil(rawValue: source[contentStart]) {
                sigil = found
                contentStart += 1
                if found == .triple { closing = [0x7D] + close }
                if found == .delimiters { closing = [0x3D] + close }
            }
            guard let contentEnd = find(closing, from: contentStart) else {
                throw MustacheError(template: name, line: line, message: "a tag opened here is never closed")
            }
            let content = String(decoding: source[contentStart..<contentEnd], as: UTF8.self)
            let tagLine = line
            line += source[tagStart..<contentEnd].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            position = contentEnd + closing.count
            let trimmed = content.trimmingWhitespace()
            if sigil == .delimiters {
                let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
                    throw MustacheError(template: name, line: tagLine, message: "a delimiter tag needs two delimiters, like {{=<% %>=}}")
                }
                open = Array(parts[0].utf8)
                close = Array(parts[1].utf8)
            }
            if sigil != .comment && sigil != .delimiters && trimmed.isEmpty {
                throw MustacheError(template: name, line: tagLine, message: "an empty tag")
            }
            tokens.append(Token(kind: .tag(sigil, sigil == .comment ? "" : trimmed), line: tagLine))
        }
        return tokens
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, source.count >= needle.count else { return nil }
        var index = start
        let first = needle[0]
        while index + needle.count <= source.count {
            if source[index] == first && source[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// A line whose only tag is a section, inverted, close, comment, partial, parent, block or
    /// delimiter tag, with nothing but spaces and tabs around it, is dropped whole (spec:
    /// "standalone"); what stood before the tag is its indentation. Parent and block tags may
    /// share their line with each other (`{{<layout}}{{$content}}`) and still stand alone.
    private func markStandaloneLines(_ tokens: inout [Token]) {
        var lineStart = 0
        while lineStart < tokens.count {
            var lineEnd = lineStart
            while lineEnd < tokens.count {
                if case .text(let bytes) = tokens[lineEnd].kind, bytes.last == 0x0A { break }
                lineEnd += 1
            }
            let range = lineStart...min(lineEnd, tokens.count - 1)
            var tags: [Int] = []
            var onlyInheritance = true
            var blank = true
            for index in range {
                switch tokens[index].kind {
                case .text(let bytes): blank = blank && bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
                case .tag(let sigil, _):
                    tags.append(index)
                    if sigil == nil || sigil == .unescaped || sigil == .triple { blank = false }
                    if sigil != .parent && sigil != .block && sigil != .close { onlyInheritance = false }
                }
            }
            // A CR must belong to a CRLF line ending to count as blank.
            if blank, tags.count == 1 || (tags.count > 1 && onlyInheritance && closesInheritance(tokens, tags)),
               crOnlyInLineEnding(tokens, range) {
                for tag in tags { tokens[tag].standalone = true }
                for index in range where !tags.contains(index) {
                    if index < tags[0], case .text(let bytes) = tokens[index].kind { tokens[tags[0]].indentation += bytes }
                    tokens[index].removed = true
                }
            }
            lineStart = range.upperBound + 1
        }
    }

    /// Whether the closing tags among `tags` close parents or blocks (opened on this line or
    /// before), so `{{/section}}{{/parent}}` does not pass for an inheritance-only line.
    private func closesInheritance(_ tokens: [Token], _ tags: [Int]) -> Bool {
        var openNames: [String] = []
        for index in tags {
            guard case .tag(let sigil, let name) = tokens[index].kind else { continue }
            if sigil == .close {
                if let last = openNames.last, last == name { openNames.removeLast(); continue }
                if !isOpenInheritance(name, before: tags[0], tokens) { return false }
            } else {
                openNames.append(name)
            }
        }
        return true
    }

    /// Whether the innermost tag still open before `index` named `name` is a parent or block.
    private func isOpenInheritance(_ name: String, before index: Int, _ tokens: [Token]) -> Bool {
        var stack: [(Sigil, String)] = []
        for token in tokens[..<index] {
            guard case .tag(let sigil?, let content) = token.kind else { continue }
            switch sigil {
            case .section, .inverted, .parent, .block: stack.append((sigil, content))
            case .close: if !stack.isEmpty { stack.removeLast() }
            default: break
            }
        }
        guard let (sigil, open) = stack.last, open == name else { return false }
        return sigil == .parent || sigil == .block
    }

    private func crOnlyInLineEnding(_ tokens: [Token], _ range: ClosedRange<Int>) -> Bool {
        for index in range {
            guard case .text(let bytes) = tokens[index].kind else { continue }
            for (offset, byte) in bytes.enumerated() where byte == 0x0D {
                if offset + 1 >= bytes.count || bytes[offset + 1] != 0x0A { return false }
            }
        }
        return true
    }

    // MARK: - Tree

    private func build(_ index: inout Int, _ tokens: inout [Token], atLineStart: inout Bool,
                       closing: (name: String, line: Int)?) throws(MustacheError) -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if token.removed { continue }
            switch token.kind {
            case .text(let bytes):
                guard !bytes.isEmpty else { continue }
                var starts: [Int] = atLineStart ? [0] : []
                for (offset, byte) in bytes.enumerated() where byte == 0x0A && offset + 1 < bytes.count { starts.append(offset + 1) }
                nodes.append(.text(bytes, lineStarts: starts))
                atLineStart = bytes.last == 0x0A
            case .tag(let sigil, let content):
                // An indented line starts before its first tag (for a closing tag: inside the section).
                if !token.standalone && sigil != .comment && sigil != .delimiters {
                    if atLineStart { nodes.append(.lineStart) }
                    atLineStart = false
                }
                switch sigil {
                case nil, .unescaped, .triple:
                    nodes.append(.variable(try tagName(content, line: token.line), escaped: sigil == nil, line: token.line))
                case .section, .inverted:
                    let body = try build(&index, &tokens, atLineStart: &atLineStart, closing: (content, token.line))
                    nodes.append(.section(try tagName(content, line: token.line), inverted: sigil == .inverted, body: body,
                                          line: token.line))
                case .block:
                    let body = try build(&index, &tokens, atLineStart: &atLineStart, closing: (content, token.line))
                    nodes.append(.block(name: content, indentation: token.standalone ? token.indentation : nil, body: body,
                                        line: token.line))
                case .parent:
                    let body = try build(&index, &tokens, atLineStart: &atLineStart, closing: (content, token.line))
                    var overrides: [String: [TemplateNode]] = [:]
                    for case .block(let block, _, let blockBody, _) in body { overrides[block] = blockBody }
                    nodes.append(.parent(name: content, indentation: token.standalone ? token.indentation : nil,
                                         overrides: overrides, line: token.line))
                case .partial:
                    nodes.append(.partial(name: content, indentation: token.standalone ? token.indentation : nil, line: token.line))
                case .close:
                    guard let closing, closing.name == content else {
                        throw MustacheError(template: name, line: token.line,
                                            message: closing.map { "{{/\(content)}} closes {{#\($0.name)}} of line \($0.line)" }
                                                ?? "{{/\(content)}} closes nothing")
                    }
                    return nodes
                case .comment, .delimiters:
                    break
                }
            }
        }
        if let closing {
            throw MustacheError(template: name, line: closing.line, message: "{{#\(closing.name)}} is never closed")
        }
        return nodes
    }

    private func tagName(_ content: String, line: Int) throws(MustacheError) -> TagName {
        do {
            return try TagName(parsing: content)
        } catch {
            throw MustacheError(template: name, line: line, message: "\"\(content)\" is not a name")
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
