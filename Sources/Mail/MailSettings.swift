/// The `mail.*` settings: whether Feder sends mail at all, through which relay, as whom, to
/// which moderators, and how fast.
public struct MailSettings: Sendable, Equatable {
    /// Off (the default): no mail is queued or sent, and nothing that needs mail is offered.
    public var enabled = false
    public var smtp = SMTPSettings()
    /// The sender of every mail (`From:` and the envelope), e.g. `blog@example.org`.
    public var from = ""
    /// Who hears of held comments when there are no desk accounts.
    public var moderators: [String] = []
    /// At most this many mails an hour in all, and to any one address: a flood of comments
    /// cannot make the blog a spam cannon, nor bury one reader.
    public var perHour = 200
    public var perRecipientPerHour = 10

    public init() {}

    /// The sender as an address (nil while `from` is not a sendable address).
    public var sender: MailAddress? { MailAddress(from) }

    /// Impossible combinations, as (key, problem) pairs for the configuration's error.
    public var problems: [(key: String, problem: String)] {
        var problems: [(String, String)] = []
        if !(1...65535).contains(smtp.port) { problems.append(("mail.port", "must be 1…65535")) }
        if !(1...600).contains(smtp.timeout) { problems.append(("mail.timeout", "must be 1…600 seconds")) }
        if perHour < 1 { problems.append(("mail.perHour", "must be at least 1")) }
        if perRecipientPerHour < 1 { problems.append(("mail.perRecipientPerHour", "must be at least 1")) }
        for address in moderators where MailAddress(address) == nil {
            problems.append(("mail.moderators", "\"\(address)\" is not an address mail can be sent to"))
        }
        guard enabled else { return problems }
        if smtp.host.isEmpty { problems.append(("mail.host", "must not be empty when mail.enabled is true")) }
        if sender == nil { problems.append(("mail.from", "must be the sender's address (ASCII) when mail.enabled is true")) }
        if smtp.username.isEmpty != smtp.password.isEmpty {
            problems.append(("mail.password", "mail.username and mail.password go together"))
        }
        if !smtp.username.isEmpty && smtp.security == .none && !["127.0.0.1", "::1", "localhost"].contains(smtp.host) {
            problems.append(("mail.security", "must be starttls or tls when a password is sent to another machine"))
        }
        return problems
    }
}
