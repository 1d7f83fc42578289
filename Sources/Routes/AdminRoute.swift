import HTTPServer

/// Every URL of the author's desk under `/admin` (PRODUCT §9), parsed and printed like
/// `WebRoute`. Every answer under `/admin` is private: never cached, never indexed.
public enum AdminRoute: RouteValue, Hashable {
    /// `GET /admin`.
    case dashboard
    /// `GET /admin/login`, `?next=` where to go after signing in (an `/admin` path only),
    /// `?out=1` after signing out.
    case signInForm(next: String? = nil, signedOut: Bool = false)
    /// `POST /admin/login`.
    case signIn
    /// `POST /admin/logout`.
    case signOut
    /// `POST /admin/sessions/end`: sign out on every browser.
    case signOutEverywhere

    /// Every path under `/admin` is the desk's, its 404s included.
    public static func owns(_ path: RequestPath) -> Bool { path.segments.first == "admin" }

    public static func owns(target: String) -> Bool {
        owns(plainPath: Substring(target))
    }

    /// `/admin`, `/admin/…` or `/admin?…`, read from the bytes as they came (no decoding).
    public static func owns(plainPath path: Substring) -> Bool {
        let bytes = path.utf8
        guard bytes.starts(with: "/admin".utf8) else { return false }
        let next = bytes.dropFirst(6).first
        return next == nil || next == UInt8(ascii: "/") || next == UInt8(ascii: "?")
    }

    /// Whether a request is for the desk, however its path is written (`//admin`, `/%61dmin`
    /// reach the desk's routes too, so they are the desk's).
    /// Asked for every request (`PrivateAnswers`): it reads only the first segment's bytes,
    /// and parses the path only when that segment is written oddly (empty, or with an escape).
    public static func owns(_ request: HTTPRequest) -> Bool {
        let plain = request.target.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            guard bytes.count > 1, bytes[0] == UInt8(ascii: "/") else { return false }
            if bytes[1] == UInt8(ascii: "/") { return nil }
            var end = 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "/"), bytes[end] != UInt8(ascii: "?") {
                if bytes[end] == UInt8(ascii: "%") { return nil }
                end += 1
            }
            return end == 6 && bytes[1..<6].elementsEqual("admin".utf8)
        }
        if let plain, let answer = plain { return answer }
        guard let path = try? RequestPath(request) else { return false }
        return owns(path)
    }

    public init?(method: String, path request: RequestPath) {
        let s = request.segments
        guard s.first == "admin" else { return nil }
        switch (method, s.count, s.count > 1 ? s[1] : "") {
        case ("GET", 1, _): self = .dashboard
        case ("GET", 2, "login"):
            self = .signInForm(next: request.query["next"].flatMap(Self.safeNext), signedOut: request.query["out"] == "1")
        case ("POST", 2, "login"): self = .signIn
        case ("POST", 2, "logout"): self = .signOut
        case ("POST", 3, "sessions") where s[2] == "end": self = .signOutEverywhere
        default: return nil
        }
    }

    public var path: String {
        var builder = PathBuilder()
        builder.add("admin")
        switch self {
        case .dashboard: break
        case .signInForm(let next, let signedOut):
            builder.add("login")
            if let next { builder.query("next", next) }
            if signedOut { builder.query("out", "1") }
        case .signIn: builder.add("login")
        case .signOut: builder.add("logout")
        case .signOutEverywhere:
            builder.add("sessions")
            builder.add("end")
        }
        return builder.built
    }

    /// Sign-in forms are small; the editor's limit comes with the editor.
    public var maxBodySize: Int? { 16 * 1024 }

    /// A place to return to after signing in: a path of the desk itself, never another site
    /// (`//evil.example`, `/\evil`, a scheme) and nothing with control characters.
    public static func safeNext(_ value: String) -> String? {
        guard owns(target: value), value.utf8.count <= 1000, !value.hasPrefix("//"),
              value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) else { return nil }
        return value
    }
}
