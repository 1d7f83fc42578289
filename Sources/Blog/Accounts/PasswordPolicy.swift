/// What a new password must be (NIST SP 800-63B §5.1.1.2: length over composition rules, and
/// no password from the lists attackers try first).
public enum PasswordPolicy {
    public static let minimumLength = 10
    /// Longer gains nothing, and every byte is hashed.
    public static let maximumBytes = 1024

    /// Nil when `password` may be used by this account, else why not (never the password
    /// itself; the CLI says it in English, the desk in the site's language).
    public static func problem(with password: String, email: String, name: String) -> PasswordProblem? {
        if password.count < minimumLength { return .tooShort }
        if password.utf8.count > maximumBytes { return .tooLong }
        let folded = password.lowercased()
        if Set(folded).count < 4 { return .tooFewDifferentCharacters }
        if CommonPasswords.contains(folded) { return .common }
        let local = email.lowercased().split(separator: "@").first.map(String.init) ?? ""
        let nameParts = name.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "." }).filter { $0.count >= 4 }
        if folded == email.lowercased() || (local.count >= 4 && folded.contains(local))
            || nameParts.contains(where: { folded.contains($0) }) {
            return .containsNameOrEmail
        }
        return nil
    }
}

/// Why a password is refused.
public enum PasswordProblem: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    case tooShort, tooLong, tooFewDifferentCharacters, common, containsNameOrEmail

    public var description: String {
        switch self {
        case .tooShort: "it must be at least \(PasswordPolicy.minimumLength) characters long"
        case .tooLong: "it must be at most \(PasswordPolicy.maximumBytes) bytes long"
        case .tooFewDifferentCharacters: "it repeats too few different characters"
        case .common: "it is one of the most common passwords"
        case .containsNameOrEmail: "it must not contain your name or email address"
        }
    }
}
