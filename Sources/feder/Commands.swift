import ArgumentParser
import Blog
import Dispatch
import FederApp
import Foundation

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the blog (the default command).")
    @OptionGroup var options: CommonOptions

    func run() throws {
        ProcessTuning.limitMallocArenas() // before the database and the server start their threads
        let app = try options.application()
        try app.seedDemoContentIfEmpty()
        try ServerRunner.run(app)
    }
}

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        let applied = try Maintenance.migrate(try options.load())
        print(applied.isEmpty ? "database is up to date" : "applied migrations: \(applied.map(String.init).joined(separator: ", "))")
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import Markdown files (or folders of them), or another engine's export (--from).",
        discussion: """
            Markdown files with front matter are upserted by slug. --from wordpress reads a WXR export \
            (Tools > Export in WordPress): posts, pages, tags, featured images, threaded comments and a \
            redirect for every old address. --from ghost reads a Ghost JSON export the same way (Ghost \
            exports carry no comments), and --from disqus adds a Disqus export's comments to the \
            articles their pages' addresses name. Either way everything is stored in one transaction: one bad \
            file imports nothing. Running it again updates the articles it brought, adds what is new \
            and nothing twice, and leaves imported comments as moderators left them.
            """)
    @OptionGroup var options: CommonOptions
    @Option(help: "Import another engine's export: wordpress (WXR), ghost (JSON) or disqus (XML, comments only).")
    var from: SiteImport.Format?
    @Option(help: "With --from: a copy of wp-content/uploads (WordPress) or content/images (Ghost), to copy the images from.")
    var uploads: String?
    @Flag(help: "With --from: report what would be imported and change nothing.") var dryRun = false
    @Argument(help: "Markdown files or folders; with --from, the export file.") var paths: [String]

    func validate() throws {
        if from != nil && paths.count != 1 { throw ValidationError("--from takes exactly one export file") }
        if from == nil && (uploads != nil || dryRun) { throw ValidationError("--uploads and --dry-run need --from") }
        if from == .disqus && uploads != nil { throw ValidationError("a Disqus export has no images: --uploads does not apply") }
    }

    func run() throws {
        let app = try options.application()
        guard let from else {
            for result in try Maintenance.importFiles(paths, app: app) {
                print("\(result.outcome.rawValue): \(result.slug) (\(result.file))")
            }
            return
        }
        let started = Date()
        let terminal = isatty(STDERR_FILENO) == 1
        let outcome = try SiteImport.run(from, file: paths[0], uploads: uploads, dryRun: dryRun, app: app) { line in
            if terminal { FileHandle.standardError.write(Data("\(line)…\n".utf8)) }
        }
        print(outcome.text, terminator: "")
        if terminal { FileHandle.standardError.write(Data(String(format: "done in %.1f s\n", Date().timeIntervalSince(started)).utf8)) }
    }
}

extension SiteImport.Format: ExpressibleByArgument {}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write every article back as Markdown, comments as JSON.")
    @OptionGroup var options: CommonOptions
    @Argument(help: "Folder to write into.") var directory: String

    func run() throws {
        let count = try Maintenance.export(to: directory, app: try options.application())
        print("exported \(count) articles to \(directory)")
    }
}

struct Comments: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Moderate comments.", subcommands: [List.self, Approve.self, Spam.self, Delete.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List comments by status (with emails).")
        @OptionGroup var options: CommonOptions
        @Option(help: "pending, approved or spam.") var status = "pending"
        @Option(help: "Page of 50.") var page = 1

        func run() throws {
            print(try Maintenance.listComments(status: status, page: page, app: try options.application()), terminator: "")
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve comments.")
        @OptionGroup var options: CommonOptions
        @Argument var ids: [Int]
        func run() throws { try Maintenance.moderate(ids, action: .approve, app: try options.application()) }
    }

    struct Spam: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark comments as spam.")
        @OptionGroup var options: CommonOptions
        @Argument var ids: [Int]
        func run() throws { try Maintenance.moderate(ids, action: .spam, app: try options.application()) }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete comments (replies stay, shown as removed).")
        @OptionGroup var options: CommonOptions
        @Argument var ids: [Int]
        func run() throws { try Maintenance.moderate(ids, action: .delete, app: try options.application()) }
    }
}

struct Redirects: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Old addresses answered with a 301 (an import adds its site's).", subcommands: [List.self, Add.self, Remove.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every redirect.")
        @OptionGroup var options: CommonOptions
        func run() throws { print(try Maintenance.listRedirects(app: try options.application()), terminator: "") }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Answer an old address with a 301 to a path of this site.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The old address: a path (/2019/05/hello/) or a URL.") var from: String
        @Argument(help: "Where it leads now (/articles/hello).") var to: String
        func run() throws { print(try Maintenance.addRedirect(from: from, to: to, app: try options.application()), terminator: "") }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop redirecting an old address.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The old address.") var from: String
        func run() throws {
            guard try Maintenance.removeRedirect(from: from, app: try options.application()) else {
                throw ValidationError("no redirect from \(from)")
            }
            print("removed \(from)")
        }
    }
}

struct PersonalData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "personal-data", abstract: "Export or erase a commenter's data (GDPR).",
        subcommands: [ExportData.self, Erase.self])

    struct ExportData: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Print every comment of an address as JSON.")
        @OptionGroup var options: CommonOptions
        @Option(help: "The commenter's email address.") var email: String
        func run() throws { print(try Maintenance.exportPersonalData(email: email, app: try options.application())) }
    }

    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Anonymise every comment of an address.")
        @OptionGroup var options: CommonOptions
        @Option(help: "The commenter's email address.") var email: String
        @Flag(help: "Also remove the comments' text.") var removeBodies = false
        func run() throws {
            let count = try Maintenance.erasePersonalData(email: email, removeBodies: removeBodies, app: try options.application())
            print("anonymised \(count) comments")
        }
    }
}

struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-config", abstract: "Validate the configuration and exit.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        let config = try options.load()
        print("configuration is valid: http://\(config.server.host):\(config.server.port), database \(config.databasePath)")
        for warning in config.warnings { print("warning: \(warning)") }
    }
}

struct MailCommands: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mail", abstract: "Mail to readers and moderators.",
                                                    subcommands: [Test.self])

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a test mail through the configured relay (mail.*).")
        @OptionGroup var options: CommonOptions
        @Option(help: "Where to send it.") var to: String

        func run() throws {
            let config = try options.load()
            do {
                print(try MailCheck.sendTest(to: to, config: config))
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the live database consistently (SQLite online backup), safe while serving.")
    @OptionGroup var options: CommonOptions
    @Argument(help: "Where to write the copy.") var destination: String

    func run() throws {
        try Maintenance.backup(to: destination, config: try options.load())
        print("backup written to \(destination)")
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill the database with generated articles and comments (benchmarks, scale tests).")
    @OptionGroup var options: CommonOptions
    @Option(help: "Number of articles.") var articles = 1000
    @Option(help: "Approved comments per article.") var commentsPerArticle = 20
    @Option(help: "Also add the article \(DatasetGenerator.longThreadSlug) with this many approved comments.")
    var longThread = 0

    func run() throws {
        let app = try options.application()
        try DatasetGenerator.generate(into: app.store, articles: articles, commentsPerArticle: commentsPerArticle,
                                      longThread: longThread) { print($0) }
    }
}
