/// What an account may do in the admin. Each role can do everything of the roles after it.
public enum Role: String, Sendable, CaseIterable, Comparable {
    /// Everything, including the accounts of others.
    case owner
    /// Writes and publishes articles and pages, and moderates.
    case editor
    /// Moderates comments only.
    case moderator

    /// The things a role is allowed, checked by every admin route before it runs.
    public enum Permission: Sendable {
        case moderate
        case write
        case manageUsers
    }

    public func allows(_ permission: Permission) -> Bool {
        switch permission {
        case .moderate: true
        case .write: self <= .editor
        case .manageUsers: self == .owner
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    /// `owner < editor < moderator`: a smaller role is a more powerful one.
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
