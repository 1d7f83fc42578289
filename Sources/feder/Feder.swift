import ArgumentParser
import FederApp

/// The command line: parses arguments and calls into FederApp, nothing else.
struct Feder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feder",
        abstract: "A self-hosted blog with comments.",
        version: FederVersion.current,
        subcommands: [Serve.self, Migrate.self, Import.self, Export.self, Comments.self, Redirects.self, PersonalData.self,
                      CheckConfig.self, Backup.self, Generate.self, User.self, MailCommands.self],
        defaultSubcommand: Serve.self)
}

/// Options every command shares: where the configuration and the database are.
struct CommonOptions: ParsableArguments {
    @Option(help: "Path of config.json (default: $FEDER_CONFIG, else ./config.json).")
    var config: String?
    @Option(help: "Address to listen on (overrides server.host).")
    var host: String?
    @Option(help: "Port to listen on (overrides server.port).")
    var port: Int?
    @Option(help: "SQLite database file (overrides database.path).")
    var database: String?
    @Option(help: "Folder of the Mustache theme (overrides paths.templates).")
    var templates: String?

    func load() throws -> FederConfig {
        do {
            return try ConfigLoader.load(path: config, overrides: .init(host: host, port: port, database: database,
                                                                         templates: templates))
        } catch let error as ConfigError {
            throw ValidationError("configuration: \(error)")
        }
    }

    func application() throws -> Application {
        let config = try load()
        do {
            return try Application(config: config)
        } catch let error as ConfigError {
            throw ValidationError("configuration: \(error)")
        }
    }
}
