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
        abstract: "Import Markdown files (or folders of them) with front matter; upsert by slug.",
        discussion: "All files are imported in one transaction: one bad file imports nothing.")
    @OptionGroup var options: CommonOptions
    @Argument(help: "Markdown files or folders.") var paths: [String]

    func run() throws {
        let app = try options.application()
        for result in try Maintenance.importFiles(paths, app: app) {
            print("\(result.outcome.rawValue): \(result.slug) (\(result.file))")
        }
    }
}

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
