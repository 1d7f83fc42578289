import Foundation
import HTTPServer
import Mustache
import Routes

/// The HTML theme: the Mustache files of a folder, each page template compiled once, at start,
/// for the model it renders. A template that names a value its page does not have stops the
/// start with the file and line, instead of rendering an empty page later.
public struct Theme: Sendable {
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    let list: Template<ListPageView>
    let article: Template<ArticlePageView>
    let page: Template<SitePageView>
    let archive: Template<ArchivePageView>
    let archiveMonth: Template<ArchiveMonthPageView>
    let search: Template<SearchPageView>
    let error: Template<ErrorPageView>
    /// What a link in a reader's mail opens (`mail.mustache`).
    let mail: Template<MailPageView>
    /// Fingerprinted URLs of the stylesheet and script, so browsers may cache them for a year.
    let assets: AssetsView

    public init(templatesPath: String, staticPath: String) throws {
        let root = URL(fileURLWithPath: templatesPath).standardizedFileURL.path
        guard let files = FileManager.default.enumerator(atPath: root) else {
            throw LoadError(description: "templates folder \(templatesPath) cannot be read")
        }
        var sources: [String: String] = [:]
        for case let file as String in files where file.hasSuffix(".mustache") {
            sources[String(file.dropLast(".mustache".count))] = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
        }
        do {
            let library = try TemplateLibrary(sources: sources)
            list = try library.compile("home", for: ListPageView.self)
            article = try library.compile("article", for: ArticlePageView.self)
            page = try library.compile("page", for: SitePageView.self)
            archive = try library.compile("archive", for: ArchivePageView.self)
            archiveMonth = try library.compile("archive-month", for: ArchiveMonthPageView.self)
            search = try library.compile("search", for: SearchPageView.self)
            error = try library.compile("error", for: ErrorPageView.self)
            mail = try library.compile("mail", for: MailPageView.self)
        } catch {
            throw LoadError(description: "theme \(templatesPath): \(error)")
        }
        assets = AssetsView(css: Self.fingerprinted("css/site.css", in: staticPath),
                            js: Self.fingerprinted("js/site.js", in: staticPath), themeCSS: WebRoute.themeStylesheet.path)
    }

    /// The URL of a static file with its content's fingerprint (`?v=`), so browsers may keep it
    /// for a year and still fetch a new one the moment it changes.
    public static func fingerprinted(_ path: String, in staticPath: String) -> String {
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: staticPath + "/" + path))).map { [UInt8]($0) } ?? []
        let tag = ConditionalResponse.etag(for: bytes).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return WebRoute.staticFile(path: path, version: String(tag.prefix(12))).path
    }
}
