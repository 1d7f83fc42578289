import Synchronization

/// A set of named Mustache templates (a theme: pages, layouts, partials), parsed once.
/// Each page template is compiled for the model type it renders; see `Template`.
public struct TemplateLibrary: Sendable {
    private let parsed: [String: [TemplateNode]]

    /// `sources` maps names (`article`, `partials/comment`) to Mustache text.
    public init(sources: [String: String]) throws(MustacheError) {
        var parsed: [String: [TemplateNode]] = [:]
        for (name, source) in sources { parsed[name] = try TemplateParser(name: name, source: source).parse() }
        self.parsed = parsed
    }

    public var names: [String] { parsed.keys.sorted() }

    /// The template `name` compiled for `Model`: every name it uses is checked against the
    /// field tables of `Model` and of the types it reaches.
    public func compile<Model: TemplateObject>(_ name: String, for model: Model.Type) throws(MustacheError) -> Template<Model> {
        var compiler = TemplateCompiler(templates: parsed)
        return Template(plan: try compiler.compile(name, root: .object(model)))
    }

    /// The template `name` for untyped data (`TemplateDictionary`, `TemplateValueList`…):
    /// names are looked up while rendering, as in any Mustache implementation.
    public func compileUntyped(_ name: String) throws(MustacheError) -> UntypedTemplate {
        var compiler = TemplateCompiler(templates: parsed)
        return UntypedTemplate(plan: try compiler.compile(name, root: .dynamic))
    }
}

/// A compiled template for one model type; safe to render from any thread.
public struct Template<Model: TemplateObject>: Sendable {
    let plan: RenderPlan
    /// The size of the last page rendered, to size the next buffer once.
    private let sizeHint = SizeHint()

    init(plan: RenderPlan) {
        self.plan = plan
    }

    public func render(_ model: Model) -> [UInt8] {
        var renderer = TemplateRenderer(plan: plan, root: .object(model), capacity: sizeHint.capacity)
        let output = renderer.render()
        sizeHint.record(output.count)
        return output
    }
}

public struct UntypedTemplate: Sendable {
    let plan: RenderPlan

    public func render(_ data: TemplateValue) -> [UInt8] {
        var renderer = TemplateRenderer(plan: plan, root: data, capacity: 1024)
        return renderer.render()
    }
}

/// The last output size of a template, shared by every thread that renders it.
final class SizeHint: Sendable {
    private let last = Atomic<Int>(4096)

    var capacity: Int { last.load(ordering: .relaxed) + 256 }

    func record(_ size: Int) {
        last.store(size, ordering: .relaxed)
    }
}
