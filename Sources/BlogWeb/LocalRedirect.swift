/// Where a redirect may go after a form: a local absolute path only.
enum LocalRedirect {
    /// Never `//host` or a scheme, and nothing that could split a header.
    static func isSafe(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//") && !path.hasPrefix("/\\") && path.count <= 2000
            && !path.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" }
    }
}
