import Mustache

/// The theme's contract as Markdown: every page template, the values its model offers, and
/// the fields of every type those reach. Generated from the field tables the compiler checks
/// templates against, so templates/README.md cannot drift from the code (a test compares).
enum ThemeContract {
    static let pages: [(template: String, model: any TemplateObject.Type)] = [
        ("home", ListPageView.self), ("article", ArticlePageView.self), ("page", SitePageView.self),
        ("archive", ArchivePageView.self),
        ("archive-month", ArchiveMonthPageView.self), ("search", SearchPageView.self), ("error", ErrorPageView.self), ("mail", MailPageView.self),
    ]

    static func markdown() -> String {
        var text = ""
        var types: [any TemplateObject.Type] = []
        var seen = Set<ObjectIdentifier>()
        func note(_ type: TemplateType) {
            switch type.unwrapped {
            case .object(let model), .list(of: let model):
                if seen.insert(ObjectIdentifier(model)).inserted { types.append(model) }
            default: break
            }
        }
        let shared = Set(PageChrome.templateFieldTypes.map(\.name))
        text += "Every page has the values of `PageChrome`; each template's own values follow.\n\n"
        for (template, model) in pages {
            text += "**`\(template).mustache`** (`\(model)`): "
            let own = model.templateFieldTypes.filter { !shared.contains($0.name) }
            text += own.map { "`\($0.name)` \(describe($0.type))" }.joined(separator: ", ") + "\n\n"
            model.templateFieldTypes.forEach { note($0.type) }
        }
        types.insert(PageChrome.self, at: 0)
        var index = 0
        while index < types.count {
            let model = types[index]
            guard model != StringsView.self else {
                text += "**`StringsView`**: one text for each key of the UI strings (below), as `t.KEY`\n\n"
                index += 1
                continue
            }
            text += "**`\(model)`**: " + model.templateFieldTypes.map { "`\($0.name)` \(describe($0.type))" }
                .joined(separator: ", ") + "\n\n"
            model.templateFieldTypes.forEach { note($0.type) }
            index += 1
        }
        return text
    }

    private static func describe(_ type: TemplateType) -> String {
        switch type {
        case .text: "text"
        case .html: "**raw** HTML"
        case .number: "number"
        case .bool: "yes/no"
        case .object(let model): "`\(model)`"
        case .list(let model): "list of `\(model)`"
        case .textList: "list of text"
        case .optional(let inner): describe(inner) + "?"
        case .dynamic: "untyped"
        }
    }
}
