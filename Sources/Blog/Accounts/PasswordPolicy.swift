/// What a new password must be (NIST SP 800-63B §5.1.1.2: length over composition rules, and
/// no password from the lists attackers try first).
public enum PasswordPolicy {
    public static let minimumLength = 10
    /// Longer gains nothing, and every byte is hashed.
    public static let maximumBytes = 1024

    /// Nil when `password` may be used by this account, else why not (in words for the CLI
    /// and the admin's form; never echoing the password).
    public static func problem(with password: String, email: String, name: String) -> String? {
        if password.count < minimumLength { return "it must be at least \(minimumLength) characters long" }
        if password.utf8.count > maximumBytes { return "it must be at most \(maximumBytes) bytes long" }
        let folded = password.lowercased()
        if Set(folded).count < 4 { return "it repeats too few different characters" }
        if CommonPasswords.contains(folded) { return "it is one of the most common passwords" }
        let local = email.lowercased().split(separator: "@").first.map(String.init) ?? ""
        let nameParts = name.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "." }).filter { $0.count >= 4 }
        if folded == email.lowercased() || (local.count >= 4 && folded.contains(local))
            || nameParts.contains(where: { folded.contains($0) }) {
            return "it must not contain your name or email address"
        }
        return nil
    }
}
