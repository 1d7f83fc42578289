import Foundation
import BlogWeb
import Mail

/// `feder mail test`: one mail through the configured relay, so an operator sees at once
/// whether `mail.*` works, before any reader depends on it.
public enum MailCheck {
    public enum Failure: Error, CustomStringConvertible {
        case disabled
        case badRecipient
        case delivery(MailDeliveryError)

        public var description: String {
            switch self {
            case .disabled: return "mail.enabled is false: nothing is sent"
            case .badRecipient: return "not an address mail can be sent to (ASCII local@domain)"
            case .delivery(let error):
                let advice = switch error.kind {
                case .permanent: "the relay refused this message for good"
                case .transient: "a passing failure: a later try may succeed"
                case .configuration: "check mail.host, mail.port, mail.security, mail.username and mail.password"
                }
                return "not sent: \(error) — \(advice)"
            }
        }
    }

    /// Sends a short test mail to `recipient` and waits for the relay's answer.
    public static func sendTest(to recipient: String, config: FederConfig,
                                transport: (any MailTransport)? = nil) throws(Failure) -> String {
        let settings = config.mail
        guard settings.enabled, let sender = settings.sender else { throw .disabled }
        guard let to = MailAddress(recipient) else { throw .badRecipient }
        let host = config.mailHost
        let title = config.site.title
        let message = MailMessage(
            from: MailAddress(sender.address, displayName: title)!, to: to, subject: "\(title): test mail",
            text: "This test mail comes from the Feder blog \"\(title)\" at \(config.site.baseURL).\n"
                + "If you can read it, its mail settings work.\n",
            html: "<p>This test mail comes from the Feder blog “\(HTMLText.escape(title))” at "
                + "\(HTMLText.escape(config.site.baseURL)).</p><p>If you can read it, its mail settings work.</p>",
            messageID: "test.\(UUID().uuidString.lowercased())@\(host)", date: Date())
        do {
            try (transport ?? CurlSMTPTransport(settings: settings.smtp, greeting: host)).send(message.rendered(), from: sender, to: to)
        } catch {
            throw .delivery(error)
        }
        let smtp = settings.smtp
        return "sent a test mail to \(recipient) through \(smtp.host):\(smtp.port) (security \(smtp.security.rawValue))"
    }
}
