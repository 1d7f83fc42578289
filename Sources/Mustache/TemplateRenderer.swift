/// Runs a `RenderPlan` over a model, writing UTF-8 bytes into one buffer. One renderer per
/// render call, on the caller's thread; it owns its buffer and stack.
struct TemplateRenderer {
    private struct Frame {
        /// The model type, for typed lookups; nil for text, numbers and other plain values.
        let type: ObjectIdentifier?
        let value: TemplateValue

        init(_ value: TemplateValue) {
            self.value = value
            if case .object(let object) = value { type = ObjectIdentifier(Swift.type(of: object)) } else { type = nil }
        }
    }

    private(set) var output: [UInt8]
    private var frames: [Frame] = []
    private var indentation: [UInt8] = []

    init(root: TemplateValue, capacity: Int) {
        output = []
        output.reserveCapacity(capacity)
        frames.reserveCapacity(16)
        frames.append(Frame(root))
    }

    mutating func run(_ plan: RenderPlan) {
        for step in plan.steps {
            switch step {
            case .text(let bytes, let lineStarts):
                if indentation.isEmpty || lineStarts.isEmpty {
                    output.append(contentsOf: bytes)
                } else {
                    writeIndented(bytes, lineStarts)
                }
            case .lineStart:
                if !indentation.isEmpty { output.append(contentsOf: indentation) }
            case .write(let lookup, let escaped):
                write(value(of: lookup), escaped: escaped)
            case .section(let lookup, let body):
                let value = value(of: lookup)
                switch value {
                case _ where value.isFalsy: break
                case .bool: run(body)
                case .list(let list):
                    for index in 0..<list.count {
                        frames.append(Frame(list.element(at: index)))
                        run(body)
                        frames.removeLast()
                    }
                default:
                    frames.append(Frame(value))
                    run(body)
                    frames.removeLast()
                }
            case .inverted(let lookup, let body):
                if value(of: lookup).isFalsy { run(body) }
            case .include(let plan, let ownIndentation):
                let saved = indentation
                indentation = ownIndentation.map { saved + $0 } ?? []
                run(plan)
                indentation = saved
            }
        }
    }

    private mutating func writeIndented(_ bytes: [UInt8], _ lineStarts: [Int]) {
        var start = 0
        for lineStart in lineStarts {
            output.append(contentsOf: bytes[start..<lineStart])
            output.append(contentsOf: indentation)
            start = lineStart
        }
        output.append(contentsOf: bytes[start...])
    }

    // MARK: - Values

    private func value(of lookup: ValueLookup) -> TemplateValue {
        switch lookup {
        case .current:
            return frames[frames.count - 1].value
        case .field(let owner, let index, let path):
            var frameIndex = frames.count - 1
            while frames[frameIndex].type != owner { frameIndex -= 1 } // the compiler proved one exists
            guard case .object(let object) = frames[frameIndex].value else { return .null }
            var value = object.templateValue(at: index)
            for next in path {
                guard case .object(let nested) = value else { return .null }
                value = nested.templateValue(at: next)
            }
            return value
        case .named(let names, let currentOnly):
            return named(names, currentOnly: currentOnly)
        case .isEmpty(let inner):
            switch value(of: inner) {
            case .list(let list): return .bool(list.count == 0)
            case .null: return .bool(true)
            default: return .bool(false)
            }
        }
    }

    /// The spec's lookup: the first name in the nearest value that has it, the rest inside it.
    private func named(_ names: [String], currentOnly: Bool) -> TemplateValue {
        var found: TemplateValue?
        for frame in frames.reversed() {
            if case .object(let object) = frame.value, let value = object.templateValue(named: names[0]) {
                found = value
                break
            }
            if currentOnly { break }
        }
        guard var value = found else { return .null }
        for name in names.dropFirst() {
            guard case .object(let object) = value, let next = object.templateValue(named: name) else { return .null }
            value = next
        }
        return value
    }

    private mutating func write(_ value: TemplateValue, escaped: Bool) {
        switch value {
        case .text(let text), .html(let text):
            if escaped { appendEscaped(text) } else { appendRaw(text) }
        case .number(let number): appendRaw(String(number))
        case .bool(let flag): appendRaw(flag ? "true" : "false")
        case .object, .list, .null: break
        }
    }

    private mutating func appendRaw(_ text: String) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    private mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { HTMLEscaping.append($0, to: &output) }
    }
}

/// Escaping for element content and quoted attribute values, on bytes.
public enum HTMLEscaping {
    /// Appends `bytes` with `& < > " '` replaced by entities.
    public static func append(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte <= 0x3E else { continue } // every special character is below '?'
            let entity: StaticString
            switch byte {
            case 0x26: entity = "&amp;"
            case 0x3C: entity = "&lt;"
            case 0x3E: entity = "&gt;"
            case 0x22: entity = "&quot;"
            case 0x27: entity = "&#39;"
            default: continue
            }
            if runStart < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            output.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
            runStart = index + 1
        }
        if runStart < bytes.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
    }

    /// `text` escaped, as a String.
    public static func escape(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 16)
        var text = text
        text.withUTF8 { append($0, to: &output) }
        return String(decoding: output, as: UTF8.self)
    }
}
