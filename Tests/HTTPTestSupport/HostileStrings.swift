/// One corpus of hostile strings for every input a test pushes them through (the public
/// site's forms, JSON, paths and headers; the desk's forms), and the live markup that must
/// never come back from them.
public enum HostileStrings {
    public static let payloads: [String] = [
        "<script>alert(1)</script>",
        "\"><svg onload=alert(1)>",
        "'><img src=x onerror=alert(1)>",
        "</textarea><script>alert(1)</script>",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "https://example.com/\"onmouseover=\"alert(1)",
        "{{#site}}{{{title}}}{{/site}}",
        "' OR '1'='1'; DROP TABLE comments; --",
        "\"; DELETE FROM articles; --",
        "../../../../etc/passwd",
        "..%2F..%2Fetc%2Fpasswd",
        "%252e%252e%252fetc%252fpasswd",
        "..\\..\\windows\\win.ini",
        "a\r\nSet-Cookie: evil=1",
        "nul\u{0}byte",
        "rtl\u{202E}gpj.exe",
        "\u{FEFF}\u{200B}zero width",
        "%00%0d%0aLocation:%20https://evil.example",
        String(repeating: "A", count: 20_000),
    ]

    /// Markup from the payloads that must never appear as live markup in an HTML answer.
    public static let needles = ["<script>alert", "<svg onload", "<img src=x onerror", "onmouseover=\"alert", "href=\"javascript:",
                          "href=\"JaVaScRiPt:", "href=\"data:"]
}
