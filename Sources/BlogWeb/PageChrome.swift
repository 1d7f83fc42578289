import Mustache

// What every page's frame (`layout.mustache`) reads. Each page model carries a `PageChrome`
// and lists its fields among its own, so the layout sees them at the root of every page.

struct PageChrome: TemplateObject {
    var lang: String
    var site: SiteView
    var t: StringsView
    var page: PageMeta
    var assets: AssetsView
    /// The current path and query, sent back by the theme form.
    var returnPath: String
    var feedURL: String
    var nav = NavView()
    /// Pre-fills the header search box (the search page).
    var query = ""

    static let templateFields: [TemplateField<PageChrome>] = [
        .text("lang") { $0.lang }, .object("site") { $0.site }, .object("t") { $0.t }, .object("page") { $0.page },
        .object("assets") { $0.assets }, .text("returnPath") { $0.returnPath }, .text("feedURL") { $0.feedURL },
        .object("nav") { $0.nav }, .text("query") { $0.query },
    ]
}

struct SiteView: TemplateObject {
    let title: String
    let description: String?
    let baseURL: String

    static let templateFields: [TemplateField<SiteView>] = [
        .text("title") { $0.title }, .text("description") { $0.description }, .text("baseURL") { $0.baseURL },
    ]
}

struct PageMeta: TemplateObject {
    let title: String
    let description: String
    let canonical: String
    let ogType: String
    let ogImage: String?
    /// JSON for `<script type="application/ld+json">`, made safe inside a script element.
    let jsonLD: String?
    let noindex: Bool

    static let templateFields: [TemplateField<PageMeta>] = [
        .text("title") { $0.title }, .text("description") { $0.description }, .text("canonical") { $0.canonical },
        .text("ogType") { $0.ogType }, .text("ogImage") { $0.ogImage }, .html("jsonLD") { $0.jsonLD },
        .bool("noindex") { $0.noindex },
    ]
}

struct AssetsView: TemplateObject {
    let css: String
    let js: String
    let themeCSS: String

    static let templateFields: [TemplateField<AssetsView>] = [
        .text("css") { $0.css }, .text("js") { $0.js }, .text("themeCSS") { $0.themeCSS },
    ]
}

/// Which navigation link is the current page (`aria-current`).
struct NavView: TemplateObject {
    var home = false
    var archive = false
    var search = false

    static let templateFields: [TemplateField<NavView>] = [
        .bool("home") { $0.home }, .bool("archive") { $0.archive }, .bool("search") { $0.search },
    ]
}

/// The UI strings as `t.KEY`: one field per key of `Strings`, the same for every language.
struct StringsView: TemplateObject {
    /// In the order of `Strings.keys`.
    let values: [String]

    init(_ localization: Localization) {
        values = Strings.keys.map { localization[$0] }
    }

    static let templateFields: [TemplateField<StringsView>] = Strings.keys.enumerated().map { index, key in
        .text(key) { $0.values[index] }
    }
}
