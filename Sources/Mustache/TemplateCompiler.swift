/// Turns parsed templates into `RenderPlan`s for one root type, resolving every name against
/// the field tables of the types on the context stack. Typed templates are checked completely:
/// a name no type on the stack has, a section over text, `{{{ }}}` around reader text or
/// `{{ }}` around HTML are errors here, so a theme fails when it is loaded, never with an
/// empty page. Untyped (dynamic) data keeps the spec's lookup by name while rendering.
struct TemplateCompiler {
    let templates: [String: [TemplateNode]]
    /// Plans of partials by (partial, stack shape, block overrides): a partial that includes
    /// itself finds its own plan here and the recursion ends.
    private var partials: [PartialKey: Int32] = [:]
    // What the plan is made of (see `RenderPlan`).
    private var instructions: [Instruction] = []
    private var plans: [PlanRange] = []
    private var bytes: [UInt8] = []
    private var texts: [TextRun] = []
    private var lineStarts: [Int32] = []
    private var indentations: [[UInt8]] = []
    private var lookups: [Lookup] = []
    private var readers: [FieldReader] = []
    private var names: [[String]] = []
    /// `local.count` right after the last text emitted into the list being built.
    private var lastTextPosition = -1
    /// Block overrides in force, by id; each remembers the template that wrote it.
    private var overrideSets: [Int: [String: Override]] = [0: [:]]
    private var expansionDepth = 0

    init(templates: [String: [TemplateNode]]) {
        self.templates = templates
    }

    /// One frame of the compile-time context stack.
    private enum FrameType: Hashable {
        case object(ObjectIdentifier)
        case plain(String)
        case dynamic

        init(_ type: TemplateType) {
            switch type.unwrapped {
            case .object(let model): self = .object(ObjectIdentifier(model))
            case .dynamic: self = .dynamic
            case let other: self = .plain(other.description)
            }
        }
    }

    private struct Override {
        let nodes: [TemplateNode]
        let template: String
    }

    private struct PartialKey: Hashable {
        let name: String
        let shape: [FrameType]
        let overrides: Int
    }

    private struct Scope {
        /// Bottom first, like the render-time stack.
        var stack: [TemplateType]
        var overrides: Int
        var template: String
    }

    mutating func compile(_ name: String, root: TemplateType) throws(MustacheError) -> RenderPlan {
        guard let nodes = templates[name] else {
            throw MustacheError(template: name, line: 0, message: "there is no template \(name).mustache")
        }
        let plan = newPlan()
        place(try emit(nodes, Scope(stack: [root], overrides: 0, template: name)), as: plan)
        return RenderPlan(instructions: instructions, plans: plans, bytes: bytes, texts: texts, lineStarts: lineStarts,
                          indentations: indentations, lookups: lookups, readers: readers, names: names)
    }

    // MARK: - Emitting

    /// The instructions for `nodes`; a section's `end` counts from the start of the returned list.
    private mutating func emit(_ nodes: [TemplateNode], _ scope: Scope) throws(MustacheError) -> [Instruction] {
        var local: [Instruction] = []
        lastTextPosition = -1
        for node in nodes {
            // Only text right after text of this same list extends it (never text inside a
            // section body that ends just before).
            let followsText = local.count == lastTextPosition
            switch node {
            case .text(let text, let starts):
                emitText(text, lineStarts: starts, extending: followsText, into: &local)
                lastTextPosition = local.count
                continue
            case .lineStart:
                local.append(Instruction(code: .lineStart, operand: 0))
            case .variable(let name, let escaped, let line):
                let (lookup, type) = try resolve(name, scope, line: line)
                try checkPrintable(name, type, escaped: escaped, scope, line: line)
                local.append(Instruction(code: escaped ? .write : .writeRaw, operand: lookup))
            case .section(let name, let inverted, let body, let line):
                let (lookup, type) = try resolve(name, scope, line: line)
                var inner = scope
                if !inverted, let pushed = Self.pushedType(type) { inner.stack.append(pushed) }
                let instructions = try emit(body, inner)
                local.append(Instruction(code: inverted ? .inverted : .section, operand: lookup,
                                         end: Int32(local.count + 1 + instructions.count)))
                splice(instructions, into: &local)
            case .partial(let name, let indentation, let line):
                guard let plan = try partial(name, scope, line: line) else { continue }
                local.append(Instruction(code: .include, operand: plan, end: indentationIndex(indentation)))
            case .parent(let name, let indentation, let overrides, let line):
                guard let parentNodes = try template(name, scope, line: line) else { continue }
                // The outermost template's blocks win over those of the templates it extends.
                let own = overrides.mapValues { Override(nodes: $0, template: scope.template) }
                let merged = own.merging(overrideSets[scope.overrides] ?? [:]) { _, outer in outer }
                var inner = scope
                inner.overrides = overrideSets.count
                inner.template = name
                overrideSets[inner.overrides] = merged
                expansionDepth += 1
                defer { expansionDepth -= 1 }
                guard expansionDepth < 64 else {
                    throw MustacheError(template: scope.template, line: line, message: "templates extend each other without end")
                }
                try emitInclude(parentNodes, inner, indentation: indentation, into: &local)
            case .block(let name, let indentation, let body, _):
                if let replacement = overrideSets[scope.overrides]?[name] {
                    var inner = scope
                    inner.template = replacement.template
                    // Written elsewhere, placed here: its lines take this place's indentation.
                    if let indentation {
                        try emitInclude(replacement.nodes, inner, indentation: indentation, into: &local)
                    } else {
                        splice(try emit(replacement.nodes, inner), into: &local)
                    }
                } else {
                    splice(try emit(body, scope), into: &local)
                }
            }
            lastTextPosition = -1
        }
        return local
    }

    /// Text; directly after other text (blocks and comments leave text in pieces) it extends
    /// that run, so rendering appends once.
    private mutating func emitText(_ text: [UInt8], lineStarts starts: [Int], extending: Bool,
                                   into local: inout [Instruction]) {
        if extending, let last = local.last, last.code == .text, Int(last.operand) == texts.count - 1,
           texts[texts.count - 1].start + texts[texts.count - 1].count == Int32(bytes.count),
           texts[texts.count - 1].firstLineStart + texts[texts.count - 1].lineStartCount == Int32(lineStarts.count) {
            let run = texts[texts.count - 1]
            lineStarts += starts.map { Int32($0) + run.count }
            texts[texts.count - 1].count += Int32(text.count)
            texts[texts.count - 1].lineStartCount += Int32(starts.count)
        } else {
            texts.append(TextRun(start: Int32(bytes.count), count: Int32(text.count), firstLineStart: Int32(lineStarts.count),
                                 lineStartCount: Int32(starts.count)))
            lineStarts += starts.map(Int32.init)
            local.append(Instruction(code: .text, operand: Int32(texts.count - 1)))
        }
        bytes += text
    }

    /// Nodes as a plan of their own, included here with `indentation`.
    private mutating func emitInclude(_ nodes: [TemplateNode], _ scope: Scope, indentation: [UInt8]?,
                                      into local: inout [Instruction]) throws(MustacheError) {
        let plan = newPlan()
        place(try emit(nodes, scope), as: plan)
        local.append(Instruction(code: .include, operand: plan, end: indentationIndex(indentation)))
    }

    /// Appends `body`, whose section ends count from its own start, so that they count from
    /// the start of `local`.
    private func splice(_ body: [Instruction], into local: inout [Instruction]) {
        let offset = Int32(local.count)
        for var instruction in body {
            if instruction.code == .section || instruction.code == .inverted { instruction.end += offset }
            local.append(instruction)
        }
    }

    private mutating func newPlan() -> Int32 {
        plans.append(PlanRange(start: 0, end: 0))
        return Int32(plans.count - 1)
    }

    /// A plan's instructions go to the end of the shared list, where nothing can come between
    /// them (partials compiled meanwhile have placed theirs already).
    private mutating func place(_ local: [Instruction], as plan: Int32) {
        let start = Int32(instructions.count)
        splice(local, into: &instructions)
        plans[Int(plan)] = PlanRange(start: start, end: Int32(instructions.count))
    }

    private mutating func indentationIndex(_ indentation: [UInt8]?) -> Int32 {
        guard let indentation else { return -1 }
        indentations.append(indentation)
        return Int32(indentations.count - 1)
    }

    private func template(_ name: String, _ scope: Scope, line: Int) throws(MustacheError) -> [TemplateNode]? {
        if let nodes = templates[name] { return nodes }
        // The spec renders a missing partial as nothing; a typed theme is told instead.
        if isDynamic(scope) { return nil }
        throw MustacheError(template: scope.template, line: line, message: "there is no template \(name).mustache to include")
    }

    private mutating func partial(_ name: String, _ scope: Scope, line: Int) throws(MustacheError) -> Int32? {
        guard let nodes = try template(name, scope, line: line) else { return nil }
        // Only the nearest occurrence of each type on the stack can answer a name, so the
        // stack reduced to those is the whole of what the partial's plan depends on.
        var seen = Set<FrameType>()
        var reduced: [TemplateType] = []
        for type in scope.stack.reversed() where seen.insert(FrameType(type)).inserted { reduced.insert(type, at: 0) }
        let key = PartialKey(name: name, shape: reduced.map(FrameType.init), overrides: scope.overrides)
        if let known = partials[key] { return known }
        let plan = newPlan()
        partials[key] = plan
        place(try emit(nodes, Scope(stack: reduced, overrides: scope.overrides, template: name)), as: plan)
        return plan
    }

    private func isDynamic(_ scope: Scope) -> Bool {
        scope.stack.contains { if case .dynamic = $0.unwrapped { true } else { false } }
    }

    // MARK: - Names

    /// The lookup's index and the type of what it finds.
    private mutating func resolve(_ name: TagName, _ scope: Scope, line: Int) throws(MustacheError) -> (Int32, TemplateType) {
        let (lookup, type) = try resolvePath(name, scope, line: line)
        lookups.append(lookup)
        guard name.isEmptyTest else { return (Int32(lookups.count - 1), type) }
        switch type.unwrapped {
        case .list, .textList, .dynamic:
            lookups.append(Lookup(kind: .isEmpty, operand: Int32(lookups.count - 1)))
            return (Int32(lookups.count - 1), .bool)
        default: throw MustacheError(template: scope.template, line: line, message: "empty(…) needs a list; \(name.path.joined(separator: ".")) is \(type.description)")
        }
    }

    private mutating func resolvePath(_ name: TagName, _ scope: Scope, line: Int) throws(MustacheError) -> (Lookup, TemplateType) {
        guard let first = name.path.first else { return (Lookup(kind: .current), scope.stack[scope.stack.count - 1]) }
        let frames = name.currentOnly ? [scope.stack[scope.stack.count - 1]] : scope.stack.reversed()
        for frame in frames {
            switch frame.unwrapped {
            case .dynamic:
                names.append(name.path)
                return (Lookup(kind: .named, operand: Int32(names.count - 1), currentOnly: name.currentOnly), .dynamic)
            case .object(let model):
                guard let index = model.templateFieldTypes.firstIndex(where: { $0.name == first }) else { continue }
                var type = model.templateFieldTypes[index].type
                var path: [FieldReader] = []
                for part in name.path.dropFirst() {
                    guard case .object(let nested) = type.unwrapped else {
                        throw MustacheError(template: scope.template, line: line,
                                            message: "\(name): \(first) is \(type.description) and has no field \(part)")
                    }
                    guard let next = nested.templateFieldTypes.firstIndex(where: { $0.name == part }) else {
                        throw missing(part, in: nested, name, scope, line: line)
                    }
                    path.append(Self.reader(nested, next))
                    type = nested.templateFieldTypes[next].type
                }
                readers.append(Self.reader(model, index))
                let reader = Int32(readers.count - 1)
                readers += path
                return (Lookup(kind: .field, owner: ObjectIdentifier(model), reader: reader,
                               path: (reader + 1)..<Int32(readers.count)), type)
            default:
                continue
            }
        }
        let nearest = scope.stack.reversed().lazy.compactMap { type -> (any TemplateObject.Type)? in
            if case .object(let model) = type.unwrapped { model } else { nil }
        }.first
        if let nearest { throw missing(first, in: nearest, name, scope, line: line) }
        throw MustacheError(template: scope.template, line: line, message: "no value here has a field \(first)")
    }

    private static func reader<Model: TemplateObject>(_ model: Model.Type, _ index: Int) -> FieldReader {
        FieldReader(read: Model.reader(forField: index))
    }

    private func missing(_ field: String, in model: any TemplateObject.Type, _ name: TagName, _ scope: Scope,
                         line: Int) -> MustacheError {
        let known = model.templateFieldTypes.map(\.name).joined(separator: ", ")
        return MustacheError(template: scope.template, line: line,
                             message: "{{\(name)}}: no field \(field) here (\(model) has \(known.isEmpty ? "no fields" : known))")
    }

    private func checkPrintable(_ name: TagName, _ type: TemplateType, escaped: Bool, _ scope: Scope,
                                line: Int) throws(MustacheError) {
        let problem: String? = switch (type.unwrapped, escaped) {
        case (.text, true), (.number, _), (.html, false), (.dynamic, _): nil
        case (.text, false): "\(name) is text and must be escaped: write {{\(name)}}, not {{{\(name)}}}"
        case (.html, true): "\(name) is HTML made safe by Feder: write {{{\(name)}}}"
        default: "\(name) is \(type.description) and cannot be printed; use it as a section"
        }
        if let problem { throw MustacheError(template: scope.template, line: line, message: problem) }
    }

    /// What a section over a value of `type` pushes onto the stack (nil for yes/no values).
    private static func pushedType(_ type: TemplateType) -> TemplateType? {
        switch type.unwrapped {
        case .bool: nil
        case .list(let element): .object(element)
        case .textList: .text
        case let other: other
        }
    }
}
