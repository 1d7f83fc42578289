import Blog
import BlogWeb
import Foundation
import HTTPServer
import Mail
import Site

/// Every setting of Feder, with its default. Loaded from `config.json`, then environment
/// variables, then command-line flags (each later source wins). Documented in the README.
public struct FederConfig: Sendable {
    public var site = SiteSettings()
    public var server = ServerConfiguration()
    /// Log one line per request on stdout.
    public var accessLog = true
    /// Behind a reverse proxy on this machine: take the client address from `X-Forwarded-For`
    /// when the peer is a loopback address.
    public var trustProxy = false
    public var databasePath = "data/feder.sqlite"
    public var databaseReaders = 4
    /// Memory for rendered pages and API answers (0 disables the cache).
    public var cacheBytes = 64 * 1024 * 1024
    public var comments = CommentPolicy()
    public var mail = MailSettings()
    /// Empty: the admin API does not exist (404).
    public var adminToken = ""
    /// A desk session ends after this long unused…
    public var sessionIdleMinutes = 120
    /// …and this long after signing in, in any case.
    public var sessionDays = 14
    /// scrypt's cost for desk passwords (tests lower it; not a configuration key).
    public var passwordHashing = PasswordHasher.Parameters.standard
    public var migrationsPath = "migrations"
    /// Demo articles imported into an empty database on first start ("" to disable).
    public var seedContentPath = "content"

    public init() {
        server.host = "127.0.0.1"
        server.port = 8080
    }

    /// The site's host name for mail: the right-hand side of every Message-ID and the name
    /// Feder greets the relay with. An IP address is no host name there: then `localhost`.
    var mailHost: String {
        let host = URL(string: site.baseURL)?.host ?? ""
        let isName = host.contains(where: \.isLetter) && host.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return isName ? host : "localhost"
    }

    /// What the site itself needs of these settings.
    var siteOptions: SiteOptions {
        var options = SiteOptions()
        options.site = site
        options.comments = comments
        options.mail = CommentMail(enabled: mail.enabled, moderators: mail.moderators)
        options.adminToken = adminToken
        options.cacheBytes = cacheBytes
        options.trustProxy = trustProxy
        options.sessions.idle = TimeInterval(sessionIdleMinutes * 60)
        options.sessions.lifetime = TimeInterval(sessionDays * 24 * 60 * 60)
        options.passwordHashing = passwordHashing
        return options
    }

    /// Settings that are valid but probably not what the operator meant; printed at start.
    public var warnings: [String] {
        var warnings: [String] = []
        if trustProxy && site.baseURL.lowercased().hasPrefix("http://") {
            // Browsers send the scheme they used in `Origin`; posts over https would be refused.
            warnings.append("site.baseURL is http:// behind a proxy (server.trustProxy): if readers reach the site over "
                            + "https, set site.baseURL to its https:// address, or their comment posts are refused (403)")
        }
        return warnings
    }
}

/// One clear message per problem, naming the key (`server.port: must be 0…65535`).
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let key: String
    public let problem: String
    public var description: String { "\(key): \(problem)" }
}
