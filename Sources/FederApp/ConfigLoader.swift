import Blog
import BlogWeb
import Foundation
import HTTPServer
import Mail

/// Reads `config.json` strictly: unknown keys, wrong types and impossible values stop the
/// start with a message naming the key.
public enum ConfigLoader {
    /// Command-line overrides (nil: not given).
    public struct Overrides: Sendable {
        public var host: String?
        public var port: Int?
        public var database: String?
        public var templates: String?
        public init(host: String? = nil, port: Int? = nil, database: String? = nil, templates: String? = nil) {
            self.host = host
            self.port = port
            self.database = database
            self.templates = templates
        }
    }

    /// Loads the file (`path`, else `FEDER_CONFIG`, else `config.json` if it exists), then
    /// applies `FEDER_*` variables and the flags.
    public static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                            overrides: Overrides = Overrides()) throws -> FederConfig {
        var config = FederConfig()
        let explicit = path ?? environment["FEDER_CONFIG"]
        let file = explicit ?? "config.json"
        if FileManager.default.fileExists(atPath: file) {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ConfigError(key: file, problem: "cannot be read")
            }
            try apply(data, to: &config)
        } else if explicit != nil {
            throw ConfigError(key: file, problem: "file not found")
        }
        if let host = environment["FEDER_HOST"] { config.server.host = host }
        if let port = environment["FEDER_PORT"] {
            guard let value = Int(port) else { throw ConfigError(key: "FEDER_PORT", problem: "must be a number") }
            config.server.port = value
        }
        if let database = environment["FEDER_DATABASE"] { config.databasePath = database }
        if let token = environment["FEDER_ADMIN_TOKEN"] { config.adminToken = token }
        // The relay's password need not sit in a file that is often copied around.
        if let password = environment["FEDER_MAIL_PASSWORD"] { config.mail.smtp.password = password }
        if let host = overrides.host { config.server.host = host }
        if let port = overrides.port { config.server.port = port }
        if let database = overrides.database { config.databasePath = database }
        if let templates = overrides.templates { config.site.templatesPath = templates }
        try validate(config)
        return config
    }

    public static func apply(_ data: Data, to config: inout FederConfig) throws {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ConfigError(key: "config.json", problem: "is not a JSON object")
        }
        var reader = Reader(root: root)
        try reader.section("site") { r in
            try r.string("title") { config.site.title = $0 }
            try r.string("description") { config.site.description = $0 }
            try r.string("baseURL") { config.site.baseURL = $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            try r.string("language") { value, key in
                guard let language = SiteSettings.Language(rawValue: value) else { throw ConfigError(key: key, problem: "must be \"en\" or \"de\"") }
                config.site.language = language
            }
            try r.string("timezone") { value, key in
                guard let zone = TimeZone(identifier: value) else { throw ConfigError(key: key, problem: "unknown time zone \"\(value)\"") }
                config.site.timeZone = zone
            }
            try r.bool("feedFullContent") { config.site.feedFullContent = $0 }
        }
        try reader.section("server") { r in
            try r.string("host") { config.server.host = $0 }
            try r.int("port") { config.server.port = $0 }
            try r.int("maxConnections") { config.server.maxConnections = $0 }
            try r.int("maxRequestsPerConnection") { config.server.maxRequestsPerConnection = $0 }
            try r.int("backlog") { config.server.backlog = Int32(clamping: $0) }
            try r.int("eventLoops") { config.server.eventLoopCount = $0 }
            try r.int("workers") { config.server.workerCount = $0 }
            try r.int("maxQueuedRequests") { config.server.maxQueuedRequests = $0 }
            try r.bool("accessLog") { config.accessLog = $0 }
            try r.bool("trustProxy") { config.trustProxy = $0 }
            try r.section("timeouts") { t in
                try t.double("header") { config.server.timeouts.header = $0 }
                try t.double("body") { config.server.timeouts.body = $0 }
                try t.double("idle") { config.server.timeouts.idle = $0 }
                try t.double("write") { config.server.timeouts.write = $0 }
                try t.double("shutdown") { config.server.timeouts.shutdown = $0 }
                try t.double("linger") { config.server.timeouts.linger = $0 }
            }
            try r.section("limits") { l in
                try l.int("requestLineBytes") { config.server.parserLimits.maxRequestLineBytes = $0 }
                try l.int("headerLineBytes") { config.server.parserLimits.maxHeaderLineBytes = $0 }
                try l.int("headerBytes") { config.server.parserLimits.maxHeaderBytes = $0 }
                try l.int("headerCount") { config.server.parserLimits.maxHeaderCount = $0 }
                try l.int("bodyBytes") { config.server.parserLimits.maxBodyBytes = $0 }
            }
        }
        try reader.section("cache") { r in
            try r.int("maxBytes") { config.cacheBytes = $0 }
        }
        try reader.section("database") { r in
            try r.string("path") { config.databasePath = $0 }
            try r.int("readers") { config.databaseReaders = $0 }
        }
        try reader.section("comments") { r in
            try r.string("moderation") { value, key in
                guard let mode = CommentPolicy.Moderation(rawValue: value) else {
                    throw ConfigError(key: key, problem: "must be \"none\", \"first-time\" or \"all\"")
                }
                config.comments.moderation = mode
            }
            try r.int("maxDepth") { config.comments.maxDepth = $0 }
            try r.int("maxLinks") { config.comments.maxLinks = $0 }
            try r.int("perMinute") { config.comments.perMinute = $0 }
            try r.int("closeAfterDays") { config.comments.closeAfterDays = $0 }
            try r.int("perPage") { config.comments.perPage = $0 }
            try r.string("order") { value, key in
                guard let order = CommentOrder(rawValue: value) else {
                    throw ConfigError(key: key, problem: "must be \"oldest\" or \"newest\"")
                }
                config.comments.order = order
            }
        }
        try reader.section("admin") { r in
            try r.string("token") { config.adminToken = $0 }
            try r.int("sessionIdleMinutes") { config.sessionIdleMinutes = $0 }
            try r.int("sessionDays") { config.sessionDays = $0 }
        }
        try reader.section("mail") { r in
            try r.bool("enabled") { config.mail.enabled = $0 }
            try r.string("host") { config.mail.smtp.host = $0 }
            try r.int("port") { config.mail.smtp.port = $0 }
            try r.string("security") { value, key in
                guard let security = SMTPSettings.Security(rawValue: value) else {
                    throw ConfigError(key: key, problem: "must be \"none\", \"starttls\" or \"tls\"")
                }
                config.mail.smtp.security = security
            }
            try r.string("username") { config.mail.smtp.username = $0 }
            try r.string("password") { config.mail.smtp.password = $0 }
            try r.string("caFile") { config.mail.smtp.caFile = $0 }
            try r.int("timeout") { config.mail.smtp.timeout = $0 }
            try r.string("from") { config.mail.from = $0 }
            try r.strings("moderators") { config.mail.moderators = $0 }
            try r.int("perHour") { config.mail.perHour = $0 }
            try r.int("perRecipientPerHour") { config.mail.perRecipientPerHour = $0 }
        }
        try reader.section("paths") { r in
            try r.string("templates") { config.site.templatesPath = $0 }
            try r.string("static") { config.site.staticPath = $0 }
            try r.string("media") { config.site.mediaPath = $0 }
            try r.string("migrations") { config.migrationsPath = $0 }
            try r.string("seedContent") { config.seedContentPath = $0 }
        }
        try reader.finish()
    }

    /// Impossible values, each reported with its key.
    public static func validate(_ config: FederConfig) throws {
        func check(_ ok: Bool, _ key: String, _ problem: String) throws {
            if !ok { throw ConfigError(key: key, problem: problem) }
        }
        let s = config.server
        try check((0...65535).contains(s.port), "server.port", "must be 0…65535")
        try check(!s.host.isEmpty, "server.host", "must not be empty")
        try check((1...1_000_000).contains(s.maxConnections), "server.maxConnections", "must be 1…1000000")
        try check(s.maxRequestsPerConnection >= 1, "server.maxRequestsPerConnection", "must be at least 1")
        try check(s.backlog >= 1, "server.backlog", "must be at least 1")
        try check((1...64).contains(s.eventLoopCount), "server.eventLoops", "must be 1…64")
        try check((1...256).contains(s.workerCount), "server.workers", "must be 1…256")
        try check(s.maxQueuedRequests >= 1, "server.maxQueuedRequests", "must be at least 1")
        for (name, value) in [("header", s.timeouts.header), ("body", s.timeouts.body), ("idle", s.timeouts.idle),
                              ("write", s.timeouts.write), ("shutdown", s.timeouts.shutdown), ("linger", s.timeouts.linger)] {
            try check(value > 0 && value <= 3600, "server.timeouts.\(name)", "must be more than 0 and at most 3600 seconds")
        }
        let l = s.parserLimits
        try check((256...1_048_576).contains(l.maxRequestLineBytes), "server.limits.requestLineBytes", "must be 256…1048576")
        try check((256...1_048_576).contains(l.maxHeaderLineBytes), "server.limits.headerLineBytes", "must be 256…1048576")
        try check((1024...4_194_304).contains(l.maxHeaderBytes), "server.limits.headerBytes", "must be 1024…4194304")
        try check((1...10_000).contains(l.maxHeaderCount), "server.limits.headerCount", "must be 1…10000")
        try check((1024...1_073_741_824).contains(l.maxBodyBytes), "server.limits.bodyBytes", "must be 1024…1073741824")
        let base = config.site.baseURL.lowercased()
        try check((base.hasPrefix("http://") || base.hasPrefix("https://")) && URL(string: config.site.baseURL)?.host != nil,
                  "site.baseURL", "must be an absolute http(s) URL")
        try check(!config.site.title.isEmpty, "site.title", "must not be empty")
        try check(!config.databasePath.isEmpty, "database.path", "must not be empty")
        try check((1...64).contains(config.databaseReaders), "database.readers", "must be 1…64")
        try check(config.cacheBytes >= 0, "cache.maxBytes", "must be 0 (no cache) or more")
        let c = config.comments
        try check((1...20).contains(c.maxDepth), "comments.maxDepth", "must be 1…20")
        try check(c.maxLinks >= 0, "comments.maxLinks", "must be 0 or more")
        try check(c.perMinute >= 0, "comments.perMinute", "must be 0 (no limit) or more")
        try check(c.closeAfterDays >= 0, "comments.closeAfterDays", "must be 0 (never) or more")
        try check((0...1000).contains(c.perPage), "comments.perPage", "must be 0 (all on one page) to 1000")
        try check(config.adminToken.isEmpty || config.adminToken.count >= 16, "admin.token",
                  "must be at least 16 characters (or empty to disable the admin API)")
        try check((5...7 * 24 * 60).contains(config.sessionIdleMinutes), "admin.sessionIdleMinutes", "must be 5…10080")
        try check((1...365).contains(config.sessionDays), "admin.sessionDays", "must be 1…365")
        if let problem = config.mail.problems.first { throw ConfigError(key: problem.key, problem: problem.problem) }
    }
}

/// Walks one JSON object, remembering which keys were read so leftovers are reported.
struct Reader {
    let root: [String: Any]
    let prefix: String
    private var seen: Set<String> = []

    init(root: [String: Any], prefix: String = "") {
        self.root = root
        self.prefix = prefix
    }

    private func key(_ name: String) -> String { prefix.isEmpty ? name : "\(prefix).\(name)" }

    mutating func section(_ name: String, _ body: (inout Reader) throws -> Void) throws {
        seen.insert(name)
        guard let value = root[name] else { return }
        guard let object = value as? [String: Any] else { throw ConfigError(key: key(name), problem: "must be an object") }
        var reader = Reader(root: object, prefix: key(name))
        try body(&reader)
        try reader.finish()
    }

    mutating func string(_ name: String, _ apply: (String) throws -> Void) throws {
        try string(name) { value, _ in try apply(value) }
    }

    mutating func string(_ name: String, _ apply: (String, String) throws -> Void) throws {
        seen.insert(name)
        guard let value = root[name] else { return }
        guard let text = value as? String, !(value is NSNumber) else { throw ConfigError(key: key(name), problem: "must be a string") }
        try apply(text, key(name))
    }

    mutating func int(_ name: String, _ apply: (Int) -> Void) throws {
        seen.insert(name)
        guard let value = root[name] else { return }
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
              number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 1e15 else {
            throw ConfigError(key: key(name), problem: "must be a whole number")
        }
        apply(number.intValue)
    }

    mutating func strings(_ name: String, _ apply: ([String]) -> Void) throws {
        seen.insert(name)
        guard let value = root[name] else { return }
        guard let list = value as? [Any], let texts = list as? [String], !list.contains(where: { $0 is NSNumber }) else {
            throw ConfigError(key: key(name), problem: "must be a list of strings")
        }
        apply(texts)
    }

    mutating func double(_ name: String, _ apply: (Double) -> Void) throws {
        seen.insert(name)
        guard let value = root[name] else { return }
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else {
            throw ConfigError(key: key(name), problem: "must be a number")
        }
        apply(number.doubleValue)
    }

    mutating func bool(_ name: String, _ apply: (Bool) -> Void) throws {
        seen.insert(name)
        guard let value = root[name] else { return }
        guard let number = value as? NSNumber, String(cString: number.objCType) == "c" else {
            throw ConfigError(key: key(name), problem: "must be true or false")
        }
        apply(number.boolValue)
    }

    func finish() throws {
        if let unknown = root.keys.sorted().first(where: { !seen.contains($0) }) {
            throw ConfigError(key: key(unknown), problem: "unknown key")
        }
    }
}
