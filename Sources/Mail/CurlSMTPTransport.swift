import CCurl

/// SMTP through the system's libcurl: it speaks STARTTLS, implicit TLS and AUTH (PLAIN,
/// LOGIN, CRAM-MD5), dot-stuffs the data and verifies the relay's certificate. One connection
/// per message, which a blog's mail volume never notices.
public struct CurlSMTPTransport: MailTransport {
    public let settings: SMTPSettings
    /// The name we greet the relay with (EHLO): the site's host. Without it libcurl sends the
    /// machine's name, often not a full domain name, which strict relays refuse.
    public let greeting: String

    public init(settings: SMTPSettings, greeting: String = "localhost") {
        Self.globalInit
        self.settings = settings
        self.greeting = greeting.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" } && !greeting.isEmpty
            ? greeting : "localhost"
    }

    public func send(_ message: [UInt8], from: MailAddress, to: MailAddress) throws(MailDeliveryError) {
        guard let handle = curl_easy_init() else { throw MailDeliveryError(.transient, reason: "libcurl could not start") }
        defer { curl_easy_cleanup(handle) }
        let recipients = curl_slist_append(nil, "<\(to.address)>")
        defer { curl_slist_free_all(recipients) }

        let scheme = settings.security == .tls ? "smtps" : "smtp"
        // The host goes in brackets when it is an IPv6 address.
        let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        var options: [(CURLoption, OptionValue)] = [
            // The URL's path is the EHLO name (libcurl's SMTP URL scheme).
            (CURLOPT_URL, .string("\(scheme)://\(host):\(settings.port)/\(greeting)")),
            (CURLOPT_PROTOCOLS_STR, .string("smtp,smtps")),
            (CURLOPT_MAIL_FROM, .string("<\(from.address)>")),
            (CURLOPT_UPLOAD, .long(1)),
            (CURLOPT_NOSIGNAL, .long(1)),
            (CURLOPT_CONNECTTIMEOUT, .long(settings.connectTimeout)),
            (CURLOPT_TIMEOUT, .long(settings.timeout)),
            (CURLOPT_INFILESIZE_LARGE, .offset(Int64(message.count))),
        ]
        if settings.security != .none { options.append((CURLOPT_USE_SSL, .long(Int(CURLUSESSL_ALL.rawValue)))) }
        if !settings.username.isEmpty {
            options.append((CURLOPT_USERNAME, .string(settings.username)))
            options.append((CURLOPT_PASSWORD, .string(settings.password)))
        }
        if !settings.caFile.isEmpty { options.append((CURLOPT_CAINFO, .string(settings.caFile))) }
        for (option, value) in options {
            let result = value.apply(to: handle, option)
            guard result == CURLE_OK else { throw Self.error(result, replyCode: nil) }
        }
        guard ccurl_setopt_pointer(handle, CURLOPT_MAIL_RCPT, recipients) == CURLE_OK else {
            throw MailDeliveryError(.transient, reason: "libcurl refused the recipient list")
        }

        let reader = MessageReader(message)
        let result = withExtendedLifetime(reader) { () -> CURLcode in
            _ = ccurl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(reader).toOpaque())
            _ = ccurl_setopt_read_function(handle) { buffer, size, count, context in
                guard let buffer, let context else { return 0 }
                return Unmanaged<MessageReader>.fromOpaque(context).takeUnretainedValue().read(into: buffer, max: size * count)
            }
            return curl_easy_perform(handle)
        }
        guard result != CURLE_OK else { return }
        var code = 0
        _ = ccurl_response_code(handle, &code)
        throw Self.error(result, replyCode: code > 0 ? code : nil)
    }

    /// What a failed transfer means for this message. The relay's own words are dropped (they
    /// may quote the address); libcurl's description of the failure names none.
    static func error(_ result: CURLcode, replyCode: Int?) -> MailDeliveryError {
        let reason = String(cString: curl_easy_strerror(result))
        if result == CURLE_LOGIN_DENIED { return MailDeliveryError(.configuration, replyCode: replyCode, reason: reason) }
        if let replyCode, replyCode >= 400 {
            return MailDeliveryError(MailDeliveryError.kind(ofReply: replyCode), replyCode: replyCode, reason: reason)
        }
        switch result {
        // CURLE_UNKNOWN_OPTION: a libcurl older than 7.85 (no CURLOPT_PROTOCOLS_STR).
        case CURLE_UNKNOWN_OPTION, CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_USE_SSL_FAILED, CURLE_PEER_FAILED_VERIFICATION,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR, CURLE_COULDNT_RESOLVE_HOST:
            // A wrong host, port or security setting: every message fails alike until fixed.
            return MailDeliveryError(.configuration, replyCode: replyCode, reason: reason)
        default:
            return MailDeliveryError(.transient, replyCode: replyCode, reason: reason)
        }
    }

    /// curl_global_init is not thread-safe: run it once, before the first handle.
    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    private enum OptionValue {
        case long(Int)
        case offset(Int64)
        case string(String)

        func apply(to handle: UnsafeMutableRawPointer, _ option: CURLoption) -> CURLcode {
            switch self {
            case .long(let value): return ccurl_setopt_long(handle, option, value)
            case .offset(let value): return ccurl_setopt_off_t(handle, option, curl_off_t(value))
            // libcurl copies string options (CURLOPT_* "strings are copied" since 7.17).
            case .string(let value): return ccurl_setopt_string(handle, option, value)
            }
        }
    }
}

/// The message handed to libcurl's read callback in pieces; only that callback touches it,
/// on the thread running `curl_easy_perform`.
private final class MessageReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutablePointer<CChar>, max: Int) -> Int {
        let count = min(max, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
