import Blog
import Foundation
import HTTPServer
import Routes

/// The accounts, for owners: add one, give another role, set a new password, sign it out
/// everywhere, remove it. `feder user` does the same on the command line. The last owner
/// stays an owner; a new role or password ends that account's sessions.
extension AdminApp {
    func usersPage(_ request: HTTPRequest, _ session: AccountService.SignedIn, done: Bool, problem: String? = nil,
                   typed: (email: String, name: String, role: Role) = ("", "", .editor),
                   status: HTTPStatus = .ok) throws -> HTTPResponse {
        let roles: [Role] = [.owner, .editor, .moderator]
        let view = UsersPageView(
            chrome: chrome(request, title: strings["users"]!, session: session, nav: AdminNav(users: true)),
            users: try accounts.accounts().map { account in
                UserRowView(name: account.name, email: account.email, role: roleName(account.role),
                            isYou: account.id == session.account.id, action: AdminRoute.changeUser(id: account.id).path,
                            roles: roles.map { RoleOptionView(value: $0.rawValue, label: roleName($0), selected: $0 == account.role) },
                            sessions: try accounts.sessionCount(email: account.email))
            },
            notice: done ? strings["savedNotice"] : nil, problem: problem, typedEmail: typed.email, typedName: typed.name,
            newRoles: roles.map { RoleOptionView(value: $0.rawValue, label: roleName($0), selected: $0 == typed.role) },
            addAction: AdminRoute.addUser.path)
        return Self.page(theme.users.render(view), status: status)
    }

    /// `POST /admin/users`: email, name, role and a first password the owner passes on.
    func addUser(_ request: HTTPRequest, _ session: AccountService.SignedIn) throws -> HTTPResponse {
        let fields = try formFields(request, token: session.token)
        let email = fields["email"] ?? "", name = fields["name"] ?? ""
        let role = fields["role"].flatMap(Role.init(rawValue:)) ?? .editor
        do {
            let account = try accounts.add(email: email, name: name, role: role, password: fields["password"] ?? "")
            try audit(session, .userAdd, "#\(account.id) \(account.name) (\(role.rawValue))")
            return .redirect(to: AdminRoute.users(done: true).path)
        } catch let error as AccountError {
            return try usersPage(request, session, done: false, problem: accountProblem(error), typed: (email, name, role),
                                 status: .unprocessableContent)
        }
    }

    /// `POST /admin/users/{id}`: `action` role (`role`), password (`password`), sessions, or
    /// remove (with `confirm=1`).
    func changeUser(_ request: HTTPRequest, _ session: AccountService.SignedIn, id: Int) throws -> HTTPResponse {
        let fields = try formFields(request, token: session.token)
        guard let account = try accounts.accounts().first(where: { $0.id == id }) else { throw HTTPError.notFound() }
        do {
            switch fields["action"] {
            case "role":
                guard let role = fields["role"].flatMap(Role.init(rawValue:)) else { throw HTTPError.badRequest("Choose a role.") }
                try accounts.changeRole(email: account.email, to: role)
                try audit(session, .userRole, "#\(id) \(account.name) → \(role.rawValue)")
            case "password":
                try accounts.changePassword(email: account.email, to: fields["password"] ?? "")
                try audit(session, .userPassword, "#\(id) \(account.name)") // never the password
            case "sessions":
                let ended = try accounts.endSessions(email: account.email)
                try audit(session, .userSessions, "#\(id) \(account.name), \(ended) sessions")
            case "remove":
                guard fields["confirm"] == "1" else {
                    return try usersPage(request, session, done: false, problem: strings["userRemoveConfirm"]!,
                                         status: .unprocessableContent)
                }
                try accounts.remove(email: account.email)
                try audit(session, .userRemove, "#\(id) \(account.name)")
            default:
                throw HTTPError.badRequest("Choose role, password, sessions or remove.")
            }
        } catch let error as AccountError {
            return try usersPage(request, session, done: false, problem: accountProblem(error), status: .unprocessableContent)
        }
        // Whoever ended their own sessions, or removed themselves, signs in again.
        return .redirect(to: AdminRoute.users(done: true).path)
    }

    private func accountProblem(_ error: AccountError) -> String {
        switch error {
        case .invalidEmail: strings["userInvalidEmail"]!
        case .invalidName: strings["userInvalidName"]!
        case .emailTaken: strings["userEmailTaken"]!
        case .notFound: strings["notFoundMessage"]!
        case .weakPassword(let problem): say("userWeakPassword", strings["password." + problem.rawValue]!)
        case .lastOwner: strings["userLastOwner"]!
        }
    }
}
