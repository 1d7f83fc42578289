@testable import FederApp
import FederTestSupport
import Foundation
import Mail
import Testing

@Suite struct ConfigLoaderTests {
    func load(_ json: String, environment: [String: String] = [:], overrides: ConfigLoader.Overrides = .init()) throws -> FederConfig {
        let path = NSTemporaryDirectory() + "feder-config-\(UUID().uuidString).json"
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try ConfigLoader.load(path: path, environment: environment, overrides: overrides)
    }

    func problem(_ json: String) -> String? {
        do {
            _ = try load(json)
            return nil
        } catch let error as ConfigError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test func theShippedConfigIsValid() throws {
        let config = try ConfigLoader.load(path: TestInstallation.repositoryRoot + "/config.json", environment: [:])
        #expect(config.server.port == 8080 && config.server.host == "127.0.0.1")
        #expect(config.databasePath == "data/feder.sqlite")
        #expect(config.comments.moderation == .firstTime && config.comments.maxDepth == 5)
    }

    /// Behind a TLS proxy an http:// base URL makes the Origin check refuse browsers' posts.
    @Test func anHTTPBaseURLBehindAProxyIsWarnedAbout() throws {
        var config = FederConfig()
        config.site.baseURL = "http://blog.example"
        #expect(config.warnings.isEmpty)
        config.trustProxy = true
        #expect(config.warnings.count == 1 && config.warnings[0].contains("site.baseURL"))
        config.site.baseURL = "https://blog.example"
        #expect(config.warnings.isEmpty)
    }

    @Test func defaultsWhenEmpty() throws {
        let config = try load("{}")
        #expect(config.server.parserLimits.maxBodyBytes == 1024 * 1024)
        #expect(config.server.timeouts.header == 10 && config.server.timeouts.idle == 15 && config.server.timeouts.body == 30)
        #expect(config.comments.perMinute == 5 && config.comments.maxLinks == 2 && config.comments.closeAfterDays == 0)
    }

    @Test func environmentThenFlagsOverride() throws {
        let environment = ["FEDER_HOST": "0.0.0.0", "FEDER_PORT": "9000", "FEDER_DATABASE": "/tmp/x.sqlite",
                           "FEDER_ADMIN_TOKEN": "0123456789abcdef0123"]
        let config = try load(#"{"server":{"port":1234}}"#, environment: environment)
        #expect(config.server.host == "0.0.0.0" && config.server.port == 9000 && config.databasePath == "/tmp/x.sqlite")
        #expect(config.adminToken == "0123456789abcdef0123")
        let flagged = try load("{}", environment: environment, overrides: .init(port: 7000, templates: "/themes/x"))
        #expect(flagged.server.port == 7000 && flagged.site.templatesPath == "/themes/x")
    }

    @Test func mailSettingsAndThePasswordFromTheEnvironment() throws {
        let config = try load(#"{"mail":{"enabled":true,"host":"smtp.example.org","port":587,"security":"starttls","#
                              + #""username":"blog","from":"blog@example.org","moderators":["mod@example.org"]}}"#,
                              environment: ["FEDER_MAIL_PASSWORD": "from-env"])
        #expect(config.mail.enabled && config.mail.smtp.host == "smtp.example.org" && config.mail.smtp.port == 587)
        #expect(config.mail.smtp.security == .starttls && config.mail.smtp.username == "blog")
        #expect(config.mail.smtp.password == "from-env" && config.mail.moderators == ["mod@example.org"])
        #expect(try load("{}").mail.enabled == false)
    }

    @Test(arguments: [
        (#"{"sever":{}}"#, "sever: unknown key"),
        (#"{"server":{"prot":1}}"#, "server.prot: unknown key"),
        (#"{"server":{"port":"80"}}"#, "server.port: must be a whole number"),
        (#"{"server":{"port":70000}}"#, "server.port: must be 0…65535"),
        (#"{"server":{"timeouts":{"idle":-1}}}"#, "server.timeouts.idle: must be more than 0 and at most 3600 seconds"),
        (#"{"site":{"language":"fr"}}"#, "site.language: must be \"en\" or \"de\""),
        (#"{"site":{"timezone":"Mars/Olympus"}}"#, "site.timezone: unknown time zone \"Mars/Olympus\""),
        (#"{"site":{"baseURL":"blog.example"}}"#, "site.baseURL: must be an absolute http(s) URL"),
        (#"{"comments":{"moderation":"some"}}"#, "comments.moderation: must be \"none\", \"first-time\" or \"all\""),
        (#"{"comments":{"maxDepth":0}}"#, "comments.maxDepth: must be 1…20"),
        (#"{"admin":{"token":"short"}}"#, "admin.token: must be at least 16 characters (or empty to disable the admin API)"),
        (#"{"server":{"accessLog":"yes"}}"#, "server.accessLog: must be true or false"),
        (#"[1]"#, "config.json: is not a JSON object"),
        (#"{"mail":{"security":"ssl"}}"#, "mail.security: must be \"none\", \"starttls\" or \"tls\""),
        (#"{"mail":{"enabled":true,"from":"blog@example.org","host":""}}"#, "mail.host: must not be empty when mail.enabled is true"),
        (#"{"mail":{"enabled":true}}"#, "mail.from: must be the sender's address (ASCII) when mail.enabled is true"),
        (#"{"mail":{"moderators":"a@b.de"}}"#, "mail.moderators: must be a list of strings"),
        (#"{"mail":{"moderators":["a@b.de","nobody"]}}"#, "mail.moderators: \"nobody\" is not an address mail can be sent to"),
        (#"{"mail":{"enabled":true,"from":"b@x.de","username":"u"}}"#, "mail.password: mail.username and mail.password go together"),
        (#"{"mail":{"port":0}}"#, "mail.port: must be 1…65535"),
        (#"{"mail":{"enabled":true,"from":"b@x.de","host":"smtp.x.de","username":"u","password":"p"}}"#,
         "mail.security: must be starttls or tls when a password is sent to another machine"),
    ])
    func badValuesStopWithOneMessageNamingTheKey(json: String, message: String) {
        #expect(problem(json) == message)
    }
}
