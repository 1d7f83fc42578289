/// Runs a `RenderPlan` over a model, writing UTF-8 bytes into one buffer. One renderer per
/// render call, on the caller's thread; it owns its buffer and stack. The plan's arrays are
/// read through buffer pointers: the instructions are plain values, so walking them costs no
/// reference counting.
struct TemplateRenderer: ~Copyable {
    // The context stack, in three parallel arrays. `values` owns what is on the stack; `types`
    // and `objects` are plain copies for typed lookups, read without reference counting.
    private var values: [TemplateValue] = []
    /// The model type of each value; nil for text, numbers and other plain values.
    private var types: [ObjectIdentifier?] = []
    private var objects: [Unmanaged<AnyObject>?] = []
    private var output: OutputBuffer
    private var indentation: [UInt8] = []
    private let plan: RenderPlan

    init(plan: RenderPlan, root: TemplateValue, capacity: Int) {
        self.plan = plan
        output = OutputBuffer(capacity: capacity)
        values.reserveCapacity(16)
        types.reserveCapacity(16)
        objects.reserveCapacity(16)
        push(root)
    }

    /// Renders the whole plan; returns the bytes.
    mutating func render() -> [UInt8] {
        plan.instructions.withUnsafeBufferPointer { instructions in
            plan.bytes.withUnsafeBufferPointer { bytes in
                plan.lookups.withUnsafeBufferPointer { lookups in
                    run(plan.plans[0], Tables(instructions: instructions, bytes: bytes, lookups: lookups))
                }
            }
        }
        return output.bytes()
    }

    /// The plan's plain arrays, borrowed for one render.
    private struct Tables {
        let instructions: UnsafeBufferPointer<Instruction>
        let bytes: UnsafeBufferPointer<UInt8>
        let lookups: UnsafeBufferPointer<Lookup>
    }

    private mutating func push(_ value: TemplateValue) {
        values.append(value)
        if case .object(let object) = value {
            types.append(ObjectIdentifier(Swift.type(of: object)))
            // `values` holds the reference until `pop`.
            objects.append(Unmanaged.passUnretained(object as AnyObject))
        } else {
            types.append(nil)
            objects.append(nil)
        }
    }

    private mutating func pop() {
        values.removeLast()
        types.removeLast()
        objects.removeLast()
    }

    private mutating func run(_ range: PlanRange, _ tables: Tables) {
        var index = Int(range.start)
        let end = Int(range.end)
        while index < end {
            let instruction = tables.instructions[index]
            index += 1
            switch instruction.code {
            case .text:
                let text = plan.texts[Int(instruction.operand)]
                let run = UnsafeBufferPointer(rebasing: tables.bytes[Int(text.start)..<Int(text.start + text.count)])
                if indentation.isEmpty || text.lineStartCount == 0 {
                    output.append(run)
                } else {
                    writeIndented(run, text)
                }
            case .lineStart:
                if !indentation.isEmpty { output.append(indentation) }
            case .write, .writeRaw:
                write(value(of: Int(instruction.operand), tables), escaped: instruction.code == .write)
            case .section:
                let body = PlanRange(start: Int32(index), end: instruction.end)
                let value = value(of: Int(instruction.operand), tables)
                switch value {
                case _ where value.isFalsy: break
                case .bool: run(body, tables)
                case .list(let list):
                    for item in 0..<list.count {
                        push(list.element(at: item))
                        run(body, tables)
                        pop()
                    }
                default:
                    push(value)
                    run(body, tables)
                    pop()
                }
                index = Int(instruction.end)
            case .inverted:
                if value(of: Int(instruction.operand), tables).isFalsy {
                    run(PlanRange(start: Int32(index), end: instruction.end), tables)
                }
                index = Int(instruction.end)
            case .include:
                let saved = indentation
                indentation = instruction.end >= 0 ? saved + plan.indentations[Int(instruction.end)] : []
                run(plan.plans[Int(instruction.operand)], tables)
                indentation = saved
            }
        }
    }

    private mutating func writeIndented(_ run: UnsafeBufferPointer<UInt8>, _ text: TextRun) {
        var start = 0
        indentation.withUnsafeBufferPointer { indentation in
            for offset in plan.lineStarts[Int(text.firstLineStart)..<Int(text.firstLineStart + text.lineStartCount)] {
                output.append(UnsafeBufferPointer(rebasing: run[start..<Int(offset)]))
                output.append(indentation)
                start = Int(offset)
            }
        }
        output.append(UnsafeBufferPointer(rebasing: run[start...]))
    }

    // MARK: - Values

    private func value(of index: Int, _ tables: Tables) -> TemplateValue {
        let lookup = tables.lookups[index]
        switch lookup.kind {
        case .current:
            return values[values.count - 1]
        case .field:
            var frame = types.count - 1
            while types[frame] != lookup.owner { frame -= 1 } // the compiler proved one exists
            let reader = Int(lookup.reader)
            var value = objects[frame]!._withUnsafeGuaranteedRef { plan.readers[reader].read($0) }
            for next in lookup.path {
                guard case .object(let nested) = value else { return .null }
                value = plan.readers[Int(next)].read(nested)
            }
            return value
        case .named:
            return named(plan.names[Int(lookup.operand)], currentOnly: lookup.currentOnly)
        case .isEmpty:
            switch value(of: Int(lookup.operand), tables) {
            case .list(let list): return .bool(list.count == 0)
            case .null: return .bool(true)
            default: return .bool(false)
            }
        }
    }

    /// The spec's lookup: the first name in the nearest value that has it, the rest inside it.
    private func named(_ names: [String], currentOnly: Bool) -> TemplateValue {
        var found: TemplateValue?
        for value in values.reversed() {
            if case .object(let object) = value, let value = object.templateValue(named: names[0]) {
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
        text.withUTF8 { output.append($0) }
    }

    /// `& < > " '` as entities, for element content and quoted attribute values.
    private mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte <= 0x3E, let entity = HTMLEscaping.entity(for: byte) else { continue } // all below '?'
                output.append(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                runStart = index + 1
            }
            output.append(UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }
}

/// Escaping for element content and quoted attribute values.
enum HTMLEscaping {
    @inline(__always)
    static func entity(for byte: UInt8) -> StaticString? {
        switch byte {
        case 0x26: "&amp;"
        case 0x3C: "&lt;"
        case 0x3E: "&gt;"
        case 0x22: "&quot;"
        case 0x27: "&#39;"
        default: nil
        }
    }
}
