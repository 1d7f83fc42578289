import BlogWeb
import Foundation
import Mustache
import Routes

/// The desk's templates (`templates/admin`), each compiled once at start for its model, like
/// the reader's theme: a template naming a value its page lacks stops the start.
struct AdminTheme: Sendable {
    let signIn: Template<SignInPageView>
    let dashboard: Template<DashboardPageView>
    let error: Template<AdminErrorPageView>
    let articles: Template<ArticlesPageView>
    let editor: Template<EditorPageView>
    let delete: Template<DeletePageView>
    let revisions: Template<RevisionsPageView>
    let queue: Template<QueuePageView>
    let comment: Template<CommentPageView>
    let tokens: Template<TokensPageView>
    let redirects: Template<RedirectsPageView>
    let audit: Template<AuditPageView>
    let users: Template<UsersPageView>
    let personalData: Template<PersonalDataPageView>
    let mailModeration: Template<MailModerationPageView>
    let assets: AdminAssets

    init(templatesPath: String, staticPath: String) throws {
        let root = URL(fileURLWithPath: templatesPath).appendingPathComponent("admin").standardizedFileURL.path
        var sources: [String: String] = [:]
        for file in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] where file.hasSuffix(".mustache") {
            sources[String(file.dropLast(".mustache".count))] = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
        }
        do {
            let library = try TemplateLibrary(sources: sources)
            signIn = try library.compile("login", for: SignInPageView.self)
            dashboard = try library.compile("dashboard", for: DashboardPageView.self)
            error = try library.compile("error", for: AdminErrorPageView.self)
            articles = try library.compile("articles", for: ArticlesPageView.self)
            editor = try library.compile("editor", for: EditorPageView.self)
            delete = try library.compile("delete", for: DeletePageView.self)
            revisions = try library.compile("revisions", for: RevisionsPageView.self)
            queue = try library.compile("comments", for: QueuePageView.self)
            comment = try library.compile("comment", for: CommentPageView.self)
            tokens = try library.compile("tokens", for: TokensPageView.self)
            redirects = try library.compile("redirects", for: RedirectsPageView.self)
            audit = try library.compile("audit", for: AuditPageView.self)
            users = try library.compile("users", for: UsersPageView.self)
            personalData = try library.compile("personal-data", for: PersonalDataPageView.self)
            mailModeration = try library.compile("mail-moderation", for: MailModerationPageView.self)
        } catch {
            throw Theme.LoadError(description: "admin templates \(root): \(error)")
        }
        assets = AdminAssets(css: Theme.fingerprinted("css/site.css", in: staticPath),
                             adminCSS: Theme.fingerprinted("css/admin.css", in: staticPath),
                             themeCSS: WebRoute.themeStylesheet.path, js: Theme.fingerprinted("js/site.js", in: staticPath),
                             deskJS: Theme.fingerprinted("js/desk.js", in: staticPath))
    }
}
