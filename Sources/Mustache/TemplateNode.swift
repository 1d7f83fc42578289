/// A parsed template: text and tags, with sections nested. Standalone lines are already
/// removed and the starts of source lines marked, so the compiler never looks at whitespace.
indirect enum TemplateNode: Sendable {
    /// Literal bytes. `lineStarts` are the offsets where a source line begins: a standalone
    /// partial's indentation goes there.
    case text([UInt8], lineStarts: [Int])
    /// A source line that begins with a tag.
    case lineStart
    case variable(TagName, escaped: Bool, line: Int)
    case section(TagName, inverted: Bool, body: [TemplateNode], line: Int)
    /// `{{>name}}`; `indentation` is set when the tag stands alone on its line.
    case partial(name: String, indentation: [UInt8]?, line: Int)
    /// `{{<name}}…{{/name}}`: the named template with some of its blocks replaced.
    case parent(name: String, indentation: [UInt8]?, overrides: [String: [TemplateNode]], line: Int)
    /// `{{$name}}default{{/name}}`: a place a child template may fill. A standalone block's
    /// `indentation` goes before every line of what a child fills it with.
    case block(name: String, indentation: [UInt8]?, body: [TemplateNode], line: Int)
}

/// What a tag names: `.` (the current value), `a.b.c` (a dotted path), `.a` (only the current
/// value's field), or `empty(a)` (true when the list `a` has no element).
struct TagName: Equatable, Sendable, CustomStringConvertible {
    var path: [String]
    /// `.name`: looked up on the current value only, never further down the stack.
    var currentOnly = false
    /// `empty(name)`.
    var isEmptyTest = false

    var isImplicit: Bool { path.isEmpty }

    init(parsing text: String) throws(TagNameError) {
        var text = text
        if text.hasPrefix("empty("), text.hasSuffix(")") {
            isEmptyTest = true
            text = String(text.dropFirst(6).dropLast())
        }
        if text == "." {
            path = []
            return
        }
        if text.hasPrefix(".") {
            currentOnly = true
            text.removeFirst()
        }
        path = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.contains(where: \.isEmpty), !text.contains(where: { $0 == " " || $0 == "(" || $0 == ")" }) else {
            throw TagNameError()
        }
    }

    var description: String {
        let name = path.isEmpty ? "." : (currentOnly ? "." : "") + path.joined(separator: ".")
        return isEmptyTest ? "empty(\(name))" : name
    }
}

struct TagNameError: Error {}
