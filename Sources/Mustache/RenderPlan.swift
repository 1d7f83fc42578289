/// A compiled template: flat arrays of plain values, so rendering walks them without
/// reference counting, with every name already resolved to a reader of a known type.
///
/// `instructions` holds every plan (the template and each partial it includes) one after the
/// other; a section's body follows its instruction and ends where `end` says. Built once by
/// `TemplateCompiler`, then only read, from any thread.
final class RenderPlan: Sendable {
    let instructions: [Instruction]
    /// Where each plan's instructions are; plan 0 is the template itself.
    let plans: [PlanRange]
    let bytes: [UInt8]
    let texts: [TextRun]
    /// Offsets of source line starts inside texts (see `TextRun`).
    let lineStarts: [Int32]
    let indentations: [[UInt8]]
    let lookups: [Lookup]
    /// The field readers lookups name by index.
    let readers: [FieldReader]
    /// Names of untyped lookups.
    let names: [[String]]

    init(instructions: [Instruction], plans: [PlanRange], bytes: [UInt8], texts: [TextRun], lineStarts: [Int32],
         indentations: [[UInt8]], lookups: [Lookup], readers: [FieldReader], names: [[String]]) {
        self.instructions = instructions
        self.plans = plans
        self.bytes = bytes
        self.texts = texts
        self.lineStarts = lineStarts
        self.indentations = indentations
        self.lookups = lookups
        self.readers = readers
        self.names = names
    }
}

struct Instruction {
    enum Code: UInt8 {
        /// `operand`: a `TextRun`.
        case text
        /// A source line that begins with a tag: the current indentation goes here.
        case lineStart
        /// `operand`: a lookup, escaped.
        case write
        /// `operand`: a lookup, written as it is.
        case writeRaw
        /// `operand`: a lookup; the body runs up to instruction `end`.
        case section
        case inverted
        /// `operand`: a plan; `end`: an indentation, or -1 when the tag is inline.
        case include
    }

    var code: Code
    var operand: Int32
    var end: Int32 = -1
}

struct PlanRange {
    var start: Int32
    var end: Int32
}

/// Literal bytes of the template; `lineStarts[firstLineStart..<firstLineStart + lineStartCount]`
/// are offsets where a source line begins, for a standalone partial's indentation.
struct TextRun {
    var start: Int32
    var count: Int32
    var firstLineStart: Int32
    var lineStartCount: Int32
}

/// Where a value comes from; plain values, so looking one up costs no reference counting.
struct Lookup {
    enum Kind: UInt8 {
        /// `{{.}}`: the current value.
        case current
        /// The nearest value of type `owner` on the stack (the one the compiler found the name
        /// in), read by reader `reader`, then by readers `path` through nested objects.
        case field
        /// Untyped data: names `names` looked up while rendering, as the Mustache spec says.
        case named
        /// `empty(list)`: true when lookup `inner` finds no list element (or nothing).
        case isEmpty
    }

    var kind: Kind
    var owner = ObjectIdentifier(Lookup.self)
    var reader: Int32 = 0
    var path: Range<Int32> = 0..<0
    /// `names` for `.named`, the inner lookup for `.isEmpty`.
    var operand: Int32 = 0
    var currentOnly = false
}

/// One field of one model type, read from an object the renderer has proved to be of that type.
/// A struct around the closure: in an array of bare closures each call went through a
/// reabstraction thunk.
struct FieldReader: Sendable {
    let read: @Sendable (AnyObject) -> TemplateValue
}
