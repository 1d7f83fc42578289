import Foundation

/// A link in a mail that acts: approve a held comment or mark it as spam (a moderator's
/// mail), confirm a subscription or end it (a reader's). What it acts on, the action and an
/// expiry, signed with the installation's secret. Opening it changes nothing (mail scanners
/// open links): the page it opens asks for a POST. Moderation links act once (the store spends
/// their MAC); confirming and unsubscribing are the same however often they are done.
public struct MailLink: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable {
        case approve = "a"
        case spam = "s"
        case confirm = "c"
        case unsubscribe = "u"

        /// The status a moderation link gives its comment.
        public var status: CommentStatus? {
            switch self {
            case .approve: .approved
            case .spam: .spam
            case .confirm, .unsubscribe: nil
            }
        }

        /// How long a link stays valid: a moderator's mail a week, a confirmation 48 hours (then
        /// the subscription lapses), an unsubscribe link as long as there is mail to stop.
        public var lifetime: TimeInterval? {
            switch self {
            case .approve, .spam: 7 * 86_400
            case .confirm: 48 * 3600
            case .unsubscribe: nil
            }
        }
    }

    /// A comment's id (moderation) or a subscription's (confirm, unsubscribe).
    public let subjectID: Int
    public let action: Action
    /// Seconds since 1970; 0: never.
    public let expires: Int
    /// The outbox mail that carried it (0: none): whom a moderation link was sent to, so the
    /// desk's audit log names who acted, and a removed account's mail acts no more.
    public let via: Int

    public init(subjectID: Int, action: Action, expires: Int, via: Int = 0) {
        self.subjectID = subjectID
        self.action = action
        self.expires = expires
        self.via = via
    }

    public init(_ action: Action, _ subjectID: Int, now: Date, via: Int = 0) {
        self.init(subjectID: subjectID, action: action,
                  expires: action.lifetime.map { Int(now.addingTimeInterval($0).timeIntervalSince1970) } ?? 0, via: via)
    }

    /// `subjectID.action.expires.via.mac`: only digits, letters and dots, safe in a path segment.
    public func token(_ hasher: KeyedHasher) -> String {
        "\(subjectID).\(action.rawValue).\(expires).\(via).\(mac(hasher))"
    }

    public func mac(_ hasher: KeyedHasher) -> String {
        hasher.hash("mail-link", String(subjectID), action.rawValue, String(expires), String(via))
    }

    public enum Refusal: Error, Sendable, Equatable {
        /// Not a link we signed (or altered), or not one of the actions wanted here.
        case invalid
        case expired
    }

    /// The link a token stands for, if it is ours, still valid, and one of `actions`.
    public static func verify(_ token: String, hasher: KeyedHasher, actions: Set<Action>, now: Date = Date())
        throws(Refusal) -> MailLink {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].count <= 18, parts[2].count <= 18, parts[3].count <= 18,
              let id = Int(parts[0]), id > 0, let action = Action(rawValue: String(parts[1])), actions.contains(action),
              let expires = Int(parts[2]), expires >= 0, let via = Int(parts[3]), via >= 0 else { throw .invalid }
        let link = MailLink(subjectID: id, action: action, expires: expires, via: via)
        guard KeyedHasher.constantTimeEquals(link.mac(hasher), String(parts[4])) else { throw .invalid }
        if action.lifetime != nil || expires != 0 {
            guard Double(expires) > now.timeIntervalSince1970 else { throw .expired }
        }
        return link
    }

    public static let moderation: Set<Action> = [.approve, .spam]
    public static let subscription: Set<Action> = [.confirm, .unsubscribe]
}
