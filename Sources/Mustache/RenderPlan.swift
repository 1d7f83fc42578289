/// A compiled template: what to write, in order, with every name already resolved to a field
/// index of a known type, so rendering does no name lookups and no reflection.
enum RenderStep {
    /// Literal bytes; `lineStarts` take a standalone partial's indentation.
    case text([UInt8], lineStarts: [Int])
    case lineStart
    case write(ValueLookup, escaped: Bool)
    case section(ValueLookup, body: RenderPlan)
    case inverted(ValueLookup, body: RenderPlan)
    /// A partial or parent; `indentation` nil when the tag is inline (its lines are not indented).
    case include(RenderPlan, indentation: [UInt8]?)
}

/// A sequence of steps. A class, so a partial that includes itself (a comment and its replies)
/// can point at its own plan: the compiler creates the plan first and fills it afterwards.
/// Written only while compiling, before the template is published; read-only after.
final class RenderPlan: @unchecked Sendable {
    var steps: [RenderStep] = []
}

/// Where a value comes from.
indirect enum ValueLookup {
    /// `{{.}}`: the current value.
    case current
    /// Field `index` of the nearest value of type `owner` on the stack (the one the compiler
    /// found the name in), then `path` through nested objects.
    case field(owner: ObjectIdentifier, index: Int, path: [Int])
    /// Untyped data: names looked up while rendering, as the Mustache spec describes.
    case named([String], currentOnly: Bool)
    /// `empty(list)`: true when the list has no element (or is absent).
    case isEmpty(ValueLookup)
}
