import Mustache
import Routes

// What every page's frame (`layout.mustache`) reads. Each page model carries a `PageChrome`
// and lists its fields among its own, so the layout sees them at the root of every page.

final class PageChrome: TemplateObject {
    let lang: String
    let site: SiteView
    let t: StringsView
    let page: PageMeta
    let assets: AssetsView
    /// The current path and query, sent back by the theme form.
    let returnPath: String
    let feedURL: String
    /// The site's fixed addresses, for the navigation and the forms.
    let links = SiteLinks.shared
    let nav: NavView
    /// Pre-fills the header search box (the search page).
    var query: String

    init(lang: String, site: SiteView, t: StringsView, page: PageMeta, assets: AssetsView, returnPath: String,
         feedURL: String, nav: NavView = NavView(), query: String = "") {
        self.lang = lang
        self.site = site
        self.t = t
        self.page = page
        self.assets = assets
        self.returnPath = returnPath
        self.feedURL = feedURL
        self.nav = nav
        self.query = query
    }

    static let templateFields: [TemplateField<PageChrome>] = [
        .text("lang") { $0.lang }, .object("site") { $0.site }, .object("t") { $0.t }, .object("page") { $0.page },
        .object("assets") { $0.assets }, .text("returnPath") { $0.returnPath }, .text("feedURL") { $0.feedURL },
        .object("nav") { $0.nav }, .text("query") { $0.query }, .object("links") { $0.links },
    ]
}

/// The addresses every page may link to or post to, printed by `WebRoute` once.
final class SiteLinks: TemplateObject, Sendable {
    let home = WebRoute.home().path
    let archive = WebRoute.archive.path
    let search = WebRoute.search().path
    /// Where the light/dark form posts.
    let theme = WebRoute.switchTheme.path
    let favicon = WebRoute.staticFile(path: "img/favicon.svg").path

    static let shared = SiteLinks()

    static let templateFields: [TemplateField<SiteLinks>] = [
        .text("home") { $0.home }, .text("archive") { $0.archive }, .text("search") { $0.search },
        .text("theme") { $0.theme }, .text("favicon") { $0.favicon },
    ]
}

final class SiteView: TemplateObject {
    let title: String
    let description: String?
    let baseURL: String

    init(title: String, description: String?, baseURL: String) {
        self.title = title
        self.description = description
        self.baseURL = baseURL
    }

    static let templateFields: [TemplateField<SiteView>] = [
        .text("title") { $0.title }, .text("description") { $0.description }, .text("baseURL") { $0.baseURL },
    ]
}

final class PageMeta: TemplateObject {
    let title: String
    let description: String
    let canonical: String
    let ogType: String
    let ogImage: String?
    /// JSON for `<script type="application/ld+json">`, made safe inside a script element.
    let jsonLD: String?
    let noindex: Bool

    init(title: String, description: String, canonical: String, ogType: String, ogImage: String?, jsonLD: String?,
         noindex: Bool) {
        self.title = title
        self.description = description
        self.canonical = canonical
        self.ogType = ogType
        self.ogImage = ogImage
        self.jsonLD = jsonLD
        self.noindex = noindex
    }

    static let templateFields: [TemplateField<PageMeta>] = [
        .text("title") { $0.title }, .text("description") { $0.description }, .text("canonical") { $0.canonical },
        .text("ogType") { $0.ogType }, .text("ogImage") { $0.ogImage }, .html("jsonLD") { $0.jsonLD },
        .bool("noindex") { $0.noindex },
    ]
}

final class AssetsView: TemplateObject, Sendable {
    let css: String
    let js: String
    let themeCSS: String

    init(css: String, js: String, themeCSS: String) {
        self.css = css
        self.js = js
        self.themeCSS = themeCSS
    }

    static let templateFields: [TemplateField<AssetsView>] = [
        .text("css") { $0.css }, .text("js") { $0.js }, .text("themeCSS") { $0.themeCSS },
    ]
}

/// The navigation: the author's pages in their order, and which link is the current page
/// (`aria-current`).
final class NavView: TemplateObject {
    var home: Bool
    var archive: Bool
    var search: Bool
    var pages: [NavPageView]

    init(home: Bool = false, archive: Bool = false, search: Bool = false, pages: [NavPageView] = []) {
        self.home = home
        self.archive = archive
        self.search = search
        self.pages = pages
    }

    static let templateFields: [TemplateField<NavView>] = [
        .bool("home") { $0.home }, .bool("archive") { $0.archive }, .bool("search") { $0.search }, .list("pages") { $0.pages },
    ]
}

/// A page (About, Impressum) in the navigation.
final class NavPageView: TemplateObject {
    let url: String
    let title: String
    let current: Bool

    init(url: String, title: String, current: Bool) {
        self.url = url
        self.title = title
        self.current = current
    }

    static let templateFields: [TemplateField<NavPageView>] = [
        .text("url") { $0.url }, .text("title") { $0.title }, .bool("current") { $0.current },
    ]
}

/// The UI strings as `t.KEY`: one field per key of `Strings`, the same for every language.
final class StringsView: TemplateObject, Sendable {
    /// In the order of `Strings.keys`.
    let values: [String]

    init(_ localization: Localization) {
        values = Strings.keys.map { localization[$0] }
    }

    init(values: [String]) {
        self.values = values
    }

    static let templateFields: [TemplateField<StringsView>] = Strings.keys.enumerated().map { index, key in
        .text(key) { $0.values[index] }
    }
}
