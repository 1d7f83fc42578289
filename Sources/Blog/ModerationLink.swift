import Foundation

/// A link in a moderator's mail that approves a held comment or marks it as spam: the
/// comment, the action and an expiry, signed with the installation's secret. Opening it
/// changes nothing (mail scanners open links); the page it opens asks for a POST, and the
/// store spends the link's MAC, so it acts once.
public struct ModerationLink: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable {
        case approve = "a"
        case spam = "s"

        public var status: CommentStatus { self == .approve ? .approved : .spam }
    }

    public let commentID: Int
    public let action: Action
    /// Seconds since 1970.
    public let expires: Int

    /// How long a moderator's mail stays actionable.
    public static let lifetime: TimeInterval = 7 * 86_400

    public init(commentID: Int, action: Action, expires: Int) {
        self.commentID = commentID
        self.action = action
        self.expires = expires
    }

    public init(commentID: Int, action: Action, now: Date) {
        self.init(commentID: commentID, action: action, expires: Int(now.addingTimeInterval(Self.lifetime).timeIntervalSince1970))
    }

    /// `commentID.action.expires.mac`: only digits, letters and dots, safe in a path segment.
    public func token(_ hasher: KeyedHasher) -> String {
        "\(commentID).\(action.rawValue).\(expires).\(mac(hasher))"
    }

    public func mac(_ hasher: KeyedHasher) -> String {
        hasher.hash("moderation-link", String(commentID), action.rawValue, String(expires))
    }

    public enum Refusal: Error, Sendable, Equatable {
        /// Not a link we signed (or altered).
        case invalid
        case expired
    }

    /// The link a token stands for, if it is ours and still valid.
    public static func verify(_ token: String, hasher: KeyedHasher, now: Date = Date()) throws(Refusal) -> ModerationLink {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].count <= 18, parts[2].count <= 18,
              let id = Int(parts[0]), id > 0, let action = Action(rawValue: String(parts[1])),
              let expires = Int(parts[2]) else { throw .invalid }
        let link = ModerationLink(commentID: id, action: action, expires: expires)
        guard KeyedHasher.constantTimeEquals(link.mac(hasher), String(parts[3])) else { throw .invalid }
        guard Double(expires) > now.timeIntervalSince1970 else { throw .expired }
        return link
    }
}
