import Foundation

/// Someone who may sign in to the admin. The email is theirs to sign in with and is shown
/// only inside the admin, like a commenter's.
public struct Account: Sendable, Equatable {
    public let id: Int
    public let email: String
    public let name: String
    public let role: Role
    public let createdAt: Date

    public init(id: Int, email: String, name: String, role: Role, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.createdAt = createdAt
    }
}

/// Why an account could not be created or changed; the message names the problem, never the
/// password.
public enum AccountError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidEmail
    case invalidName
    case emailTaken
    case notFound
    case weakPassword(PasswordProblem)
    /// The last owner cannot be removed or demoted: nobody could manage accounts any more.
    case lastOwner

    public var description: String {
        switch self {
        case .invalidEmail: "that is not a plausible email address"
        case .invalidName: "the name must be 1 to 100 characters without control characters"
        case .emailTaken: "an account with that email exists already"
        case .notFound: "no account has that email"
        case .weakPassword(let reason): "password refused: \(reason)"
        case .lastOwner: "the last owner cannot be removed or demoted"
        }
    }
}

/// A name the desk keeps (an account's, an API token's): trimmed, 1 to 100 characters, no
/// control characters; nil when it is not one.
func usableName(_ raw: String) -> String? {
    let name = CommentDraft.trim(raw)
    guard !name.isEmpty, name.count <= 100, !name.unicodeScalars.contains(where: CommentDraft.isControl) else { return nil }
    return name
}
