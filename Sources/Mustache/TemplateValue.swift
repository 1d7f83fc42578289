/// A value a template reads. Typed models hand these out through their field tables; the
/// untyped form (`TemplateDictionary`) exists for data without a Swift type (the spec tests).
public enum TemplateValue {
    /// Plain text: `{{name}}` escapes it. In a typed template `{{{name}}}` is refused, so no
    /// theme can print reader-written text unescaped by accident.
    case text(String)
    /// Markup the application already made safe (an article body, a comment rendered at
    /// write time): only `{{{name}}}` prints it.
    case html(String)
    case number(Int)
    case bool(Bool)
    case object(any TemplateObject)
    case list(any TemplateList)
    case null

    /// Mustache truthiness: a section renders for anything but these.
    var isFalsy: Bool {
        switch self {
        case .null, .bool(false): true
        case .text(let text), .html(let text): text.isEmpty
        case .number(let number): number == 0
        case .list(let list): list.count == 0
        case .bool(true), .object: false
        }
    }
}

/// A Swift type a template may read: a table of named fields, each with its type and a getter.
/// Templates are checked against the table when they are compiled (at start), so a theme that
/// names a missing field fails then, not with an empty page.
///
/// A class: the renderer holds models as `any TemplateObject`, where a reference fits in place
/// while a struct of more than three words would be copied into a new heap box on every read.
public protocol TemplateObject: AnyObject, SendableMetatype {
    static var templateFields: [TemplateField<Self>] { get }
    /// Field `index` of `templateFields`; provided.
    func templateValue(at index: Int) -> TemplateValue
    /// The field called `name`, or nil: only for untyped (dynamic) templates; provided.
    func templateValue(named name: String) -> TemplateValue?
    /// Name and type of every field, for the compiler; provided.
    static var templateFieldTypes: [(name: String, type: TemplateType)] { get }
}

extension TemplateObject {
    public func templateValue(at index: Int) -> TemplateValue {
        Self.templateFields[index].read(self)
    }

    public func templateValue(named name: String) -> TemplateValue? {
        Self.templateFields.first { $0.name == name }.map { $0.read(self) }
    }

    public static var templateFieldTypes: [(name: String, type: TemplateType)] {
        templateFields.map { ($0.name, $0.type) }
    }

    /// Reads field `index` of an object that is known to be of this type (the renderer checks
    /// the type of the value it hands over, or the field that produced it declared it).
    static func reader(forField index: Int) -> @Sendable (AnyObject) -> TemplateValue {
        templateFields[index].read
    }

    /// This type's fields as fields of an enclosing model, read through `path` (a page model
    /// that carries the fields every page shares).
    public static func templateFields<Outer>(within path: @escaping @Sendable (Outer) -> Self) -> [TemplateField<Outer>] {
        templateFields.map { $0.lifted(path) }
    }
}

/// The static type of a field, known before any data exists.
public indirect enum TemplateType: Sendable {
    case text
    case html
    case number
    case bool
    case object(any TemplateObject.Type)
    case list(of: any TemplateObject.Type)
    case textList
    case optional(TemplateType)
    /// Untyped data: names are looked up when rendering.
    case dynamic

    public var unwrapped: TemplateType {
        if case .optional(let inner) = self { return inner.unwrapped }
        return self
    }

    var description: String {
        switch self {
        case .text: "text"
        case .html: "HTML"
        case .number: "a number"
        case .bool: "a yes/no value"
        case .object(let type): "an object (\(type))"
        case .list(let type): "a list of \(type)"
        case .textList: "a list of text"
        case .optional(let inner): inner.description + " (may be absent)"
        case .dynamic: "untyped data"
        }
    }
}

/// One named field of a model: its type and how to read it.
public struct TemplateField<Model: AnyObject>: Sendable {
    public let name: String
    public let type: TemplateType
    /// Reads the field of an object of type `Model` (the renderer proves the type before it
    /// calls). Each constructor below builds it in one closure around the getter: a closure
    /// calling a closure was a tenth of a page's rendering.
    let read: @Sendable (AnyObject) -> TemplateValue

    init(_ name: String, _ type: TemplateType, read: @escaping @Sendable (AnyObject) -> TemplateValue) {
        self.name = name
        self.type = type
        self.read = read
    }

    public init(_ name: String, _ type: TemplateType, _ value: @escaping @Sendable (Model) -> TemplateValue) {
        self.init(name, type) { value(unsafeDowncast($0, to: Model.self)) }
    }

    public static func text(_ name: String, _ get: @escaping @Sendable (Model) -> String) -> Self {
        Self(name, .text) { .text(get(unsafeDowncast($0, to: Model.self))) }
    }

    public static func text(_ name: String, _ get: @escaping @Sendable (Model) -> String?) -> Self {
        Self(name, .optional(.text)) { get(unsafeDowncast($0, to: Model.self)).map(TemplateValue.text) ?? .null }
    }

    public static func html(_ name: String, _ get: @escaping @Sendable (Model) -> String) -> Self {
        Self(name, .html) { .html(get(unsafeDowncast($0, to: Model.self))) }
    }

    public static func html(_ name: String, _ get: @escaping @Sendable (Model) -> String?) -> Self {
        Self(name, .optional(.html)) { get(unsafeDowncast($0, to: Model.self)).map(TemplateValue.html) ?? .null }
    }

    public static func number(_ name: String, _ get: @escaping @Sendable (Model) -> Int) -> Self {
        Self(name, .number) { .number(get(unsafeDowncast($0, to: Model.self))) }
    }

    public static func bool(_ name: String, _ get: @escaping @Sendable (Model) -> Bool) -> Self {
        Self(name, .bool) { .bool(get(unsafeDowncast($0, to: Model.self))) }
    }

    public static func object<T: TemplateObject>(_ name: String, _ get: @escaping @Sendable (Model) -> T) -> Self {
        Self(name, .object(T.self)) { .object(get(unsafeDowncast($0, to: Model.self))) }
    }

    public static func object<T: TemplateObject>(_ name: String, _ get: @escaping @Sendable (Model) -> T?) -> Self {
        Self(name, .optional(.object(T.self))) { get(unsafeDowncast($0, to: Model.self)).map { .object($0) } ?? .null }
    }

    public static func list<T: TemplateObject>(_ name: String, _ get: @escaping @Sendable (Model) -> [T]) -> Self {
        Self(name, .list(of: T.self)) { .list(ObjectList(items: get(unsafeDowncast($0, to: Model.self)))) }
    }

    public static func list(_ name: String, _ get: @escaping @Sendable (Model) -> [String]) -> Self {
        Self(name, .textList) { .list(TextList(items: get(unsafeDowncast($0, to: Model.self)))) }
    }

    /// The same field read through a path from an enclosing model (a page model that carries
    /// the fields every page shares).
    public func lifted<Outer>(_ path: @escaping @Sendable (Outer) -> Model) -> TemplateField<Outer> {
        let read = self.read
        return TemplateField<Outer>(name, type, read: { read(path(unsafeDowncast($0, to: Outer.self))) })
    }
}

/// A list a section iterates.
public protocol TemplateList {
    var count: Int { get }
    func element(at index: Int) -> TemplateValue
}

struct ObjectList<Element: TemplateObject>: TemplateList {
    let items: [Element]
    var count: Int { items.count }
    func element(at index: Int) -> TemplateValue { .object(items[index]) }
}

struct TextList: TemplateList {
    let items: [String]
    var count: Int { items.count }
    func element(at index: Int) -> TemplateValue { .text(items[index]) }
}

/// Untyped data: a list of values.
public struct TemplateValueList: TemplateList {
    public let items: [TemplateValue]
    public init(_ items: [TemplateValue]) { self.items = items }
    public var count: Int { items.count }
    public func element(at index: Int) -> TemplateValue { items[index] }
}

/// Untyped data: named values, looked up by name while rendering (a dynamic template only).
public final class TemplateDictionary: TemplateObject {
    public let values: [String: TemplateValue]
    public init(_ values: [String: TemplateValue]) { self.values = values }

    public static var templateFields: [TemplateField<TemplateDictionary>] { [] }
    public func templateValue(named name: String) -> TemplateValue? { values[name] }
}
