/// Turns parsed templates into `RenderPlan`s for one root type, resolving every name against
/// the field tables of the types on the context stack. Typed templates are checked completely:
/// a name no type on the stack has, a section over text, `{{{ }}}` around reader text or
/// `{{ }}` around HTML are errors here, so a theme fails when it is loaded, never with an
/// empty page. Untyped (dynamic) data keeps the spec's lookup by name while rendering.
struct TemplateCompiler {
    let templates: [String: [TemplateNode]]
    /// Plans of partials by (partial, stack shape, block overrides): a partial that includes
    /// itself finds its own plan here and the recursion ends.
    private var partials: [PartialKey: RenderPlan] = [:]
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
        let plan = RenderPlan()
        plan.steps = try compile(nodes, Scope(stack: [root], overrides: 0, template: name))
        return plan
    }

    private mutating func compile(_ nodes: [TemplateNode], _ scope: Scope) throws(MustacheError) -> [RenderStep] {
        var steps: [RenderStep] = []
        for node in nodes {
            switch node {
            case .text(let bytes, let lineStarts):
                if case .text(let previous, let previousStarts)? = steps.last {
                    // Blocks and comments leave text in pieces: one append instead of two.
                    steps[steps.count - 1] = .text(previous + bytes, lineStarts: previousStarts + lineStarts.map { $0 + previous.count })
                } else {
                    steps.append(.text(bytes, lineStarts: lineStarts))
                }
            case .lineStart:
                steps.append(.lineStart)
            case .variable(let name, let escaped, let line):
                let (lookup, type) = try resolve(name, scope, line: line)
                try checkPrintable(name, type, escaped: escaped, scope, line: line)
                steps.append(.write(lookup, escaped: escaped))
            case .section(let name, let inverted, let body, let line):
                let (lookup, type) = try resolve(name, scope, line: line)
                if inverted {
                    steps.append(.inverted(lookup, body: try plan(body, scope)))
                } else {
                    var inner = scope
                    if let pushed = Self.pushedType(type) { inner.stack.append(pushed) }
                    steps.append(.section(lookup, body: try plan(body, inner)))
                }
            case .partial(let name, let indentation, let line):
                guard let included = try partial(name, scope, line: line) else { continue }
                steps.append(.include(included, indentation: indentation))
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
                steps.append(.include(try plan(parentNodes, inner), indentation: indentation))
            case .block(let name, let indentation, let body, _):
                if let replacement = overrideSets[scope.overrides]?[name] {
                    var inner = scope
                    inner.template = replacement.template
                    // Written elsewhere, placed here: its lines take this place's indentation.
                    if let indentation {
                        steps.append(.include(try plan(replacement.nodes, inner), indentation: indentation))
                    } else {
                        steps += try compile(replacement.nodes, inner)
                    }
                } else {
                    steps += try compile(body, scope)
                }
            }
        }
        return steps
    }

    private mutating func plan(_ nodes: [TemplateNode], _ scope: Scope) throws(MustacheError) -> RenderPlan {
        let plan = RenderPlan()
        plan.steps = try compile(nodes, scope)
        return plan
    }

    private func template(_ name: String, _ scope: Scope, line: Int) throws(MustacheError) -> [TemplateNode]? {
        if let nodes = templates[name] { return nodes }
        // The spec renders a missing partial as nothing; a typed theme is told instead.
        if isDynamic(scope) { return nil }
        throw MustacheError(template: scope.template, line: line, message: "there is no template \(name).mustache to include")
    }

    private mutating func partial(_ name: String, _ scope: Scope, line: Int) throws(MustacheError) -> RenderPlan? {
        guard let nodes = try template(name, scope, line: line) else { return nil }
        // Only the nearest occurrence of each type on the stack can answer a name, so the
        // stack reduced to those is the whole of what the partial's plan depends on.
        var seen = Set<FrameType>()
        var reduced: [TemplateType] = []
        for type in scope.stack.reversed() where seen.insert(FrameType(type)).inserted { reduced.insert(type, at: 0) }
        let key = PartialKey(name: name, shape: reduced.map(FrameType.init), overrides: scope.overrides)
        if let known = partials[key] { return known }
        let plan = RenderPlan()
        partials[key] = plan
        plan.steps = try compile(nodes, Scope(stack: reduced, overrides: scope.overrides, template: name))
        return plan
    }

    private func isDynamic(_ scope: Scope) -> Bool {
        scope.stack.contains { if case .dynamic = $0.unwrapped { true } else { false } }
    }

    // MARK: - Names

    private func resolve(_ name: TagName, _ scope: Scope, line: Int) throws(MustacheError) -> (ValueLookup, TemplateType) {
        let (lookup, type) = try resolvePath(name, scope, line: line)
        guard name.isEmptyTest else { return (lookup, type) }
        switch type.unwrapped {
        case .list, .textList, .dynamic: return (.isEmpty(lookup), .bool)
        default: throw MustacheError(template: scope.template, line: line, message: "empty(…) needs a list; \(name.path.joined(separator: ".")) is \(type.description)")
        }
    }

    private func resolvePath(_ name: TagName, _ scope: Scope, line: Int) throws(MustacheError) -> (ValueLookup, TemplateType) {
        guard let first = name.path.first else { return (.current, scope.stack[scope.stack.count - 1]) }
        let frames = name.currentOnly ? [scope.stack[scope.stack.count - 1]] : scope.stack.reversed()
        for frame in frames {
            switch frame.unwrapped {
            case .dynamic:
                return (.named(name.path, currentOnly: name.currentOnly), .dynamic)
            case .object(let model):
                guard let index = model.templateFieldTypes.firstIndex(where: { $0.name == first }) else { continue }
                var type = model.templateFieldTypes[index].type
                var path: [Int] = []
                for part in name.path.dropFirst() {
                    guard case .object(let nested) = type.unwrapped else {
                        throw MustacheError(template: scope.template, line: line,
                                            message: "\(name): \(first) is \(type.description) and has no field \(part)")
                    }
                    guard let next = nested.templateFieldTypes.firstIndex(where: { $0.name == part }) else {
                        throw missing(part, in: nested, name, scope, line: line)
                    }
                    path.append(next)
                    type = nested.templateFieldTypes[next].type
                }
                return (.field(owner: ObjectIdentifier(model), index: index, path: path), type)
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
