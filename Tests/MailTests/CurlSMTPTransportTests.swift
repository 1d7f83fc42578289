import Foundation
import Testing
@testable import Mail
import MailTestSupport

/// Delivery to a real SMTP server (aiosmtpd through scripts/smtp-sink): plain, STARTTLS,
/// implicit TLS and AUTH, and how each kind of failure is classified.
@Suite(.serialized) struct CurlSMTPTransportTests {
    static let from = MailAddress("blog@example.org", displayName: "Feder Blog")!

    static func settings(_ sink: SMTPSink, _ security: SMTPSettings.Security = .none) -> SMTPSettings {
        var settings = SMTPSettings()
        settings.port = sink.port
        settings.security = security
        settings.timeout = 20
        if security != .none { settings.caFile = sink.certificate }
        return settings
    }

    static func message(to address: String, text: String = "Hallo Ada,\n.\neine Antwort.\n") -> MailMessage {
        MailMessage(from: from, to: MailAddress(address, displayName: "Ada Lövelace")!, subject: "Neue Antwort – „Zäune“",
                    text: text, html: "<p>Hallo &amp; willkommen</p>", messageID: "test.\(UUID().uuidString)@example.org",
                    date: Date(), headers: [(name: "List-Unsubscribe", value: "<https://example.org/u?t=1>")])
    }

    @Test func deliversOverPlainSMTPAsPythonsParserReadsIt() throws {
        guard let sink = try SMTPSink.start() else { return }
        let message = Self.message(to: "ada@example.net", text: "Hallo Ada,\n.\n.starts with a dot\n" + String(repeating: "ü", count: 200))
        try CurlSMTPTransport(settings: Self.settings(sink)).send(message.rendered(), from: Self.from, to: message.to)

        let received = try sink.received()
        try #require(received.count == 1)
        let mail = received[0]
        #expect(mail.mail_from == "blog@example.org" && mail.rcpt_tos == ["ada@example.net"])
        #expect(mail.defects.isEmpty, "\(mail.defects)")
        #expect(mail.header("Subject") == "Neue Antwort – „Zäune“")
        #expect(mail.header("To") == "Ada Lövelace <ada@example.net>")
        #expect(mail.header("Message-ID") == "<\(message.messageID)>")
        #expect(mail.header("Auto-Submitted") == "auto-generated")
        #expect(mail.text == message.text.replacingOccurrences(of: "\n", with: "\r\n")) // dots survive dot-stuffing
        #expect(mail.html?.contains("<p>Hallo &amp; willkommen</p>") == true)
        #expect(!mail.tls)
        #expect(mail.raw == Data(message.rendered()), "the relay got exactly the rendered bytes")
    }

    @Test func deliversWithSTARTTLSAndAuth() throws {
        guard let sink = try SMTPSink.start(security: "starttls", auth: "feder:s3cret pass") else { return }
        var settings = Self.settings(sink, .starttls)
        settings.username = "feder"
        settings.password = "s3cret pass"
        let message = Self.message(to: "ada@example.net")
        try CurlSMTPTransport(settings: settings).send(message.rendered(), from: Self.from, to: message.to)
        let received = try sink.received()
        #expect(received.count == 1 && received.first?.tls == true && received.first?.authenticated == true)
    }

    @Test func deliversOverImplicitTLS() throws {
        guard let sink = try SMTPSink.start(security: "tls") else { return }
        let message = Self.message(to: "ada@example.net")
        try CurlSMTPTransport(settings: Self.settings(sink, .tls)).send(message.rendered(), from: Self.from, to: message.to)
        #expect(try sink.received().first?.tls == true)
    }

    @Test func aRejectedRecipientIsPermanentAndItsAddressIsNotInTheError() throws {
        guard let sink = try SMTPSink.start() else { return }
        let message = Self.message(to: "reject-me@example.net")
        let error = #expect(throws: MailDeliveryError.self) {
            try CurlSMTPTransport(settings: Self.settings(sink)).send(message.rendered(), from: Self.from, to: message.to)
        }
        #expect(error?.kind == .permanent && error?.replyCode == 550)
        #expect(error.map { !"\($0)".contains("reject-me") } == true, "\(String(describing: error))")
        #expect(try sink.received().isEmpty)
    }

    @Test func aDeferredRecipientIsTransient() throws {
        guard let sink = try SMTPSink.start() else { return }
        let message = Self.message(to: "later@example.net")
        let error = #expect(throws: MailDeliveryError.self) {
            try CurlSMTPTransport(settings: Self.settings(sink)).send(message.rendered(), from: Self.from, to: message.to)
        }
        #expect(error?.kind == .transient && error?.replyCode == 451)
    }

    @Test func aWrongPasswordIsAConfigurationError() throws {
        guard let sink = try SMTPSink.start(security: "starttls", auth: "feder:right") else { return }
        var settings = Self.settings(sink, .starttls)
        settings.username = "feder"
        settings.password = "wrong"
        let message = Self.message(to: "ada@example.net")
        let error = #expect(throws: MailDeliveryError.self) {
            try CurlSMTPTransport(settings: settings).send(message.rendered(), from: Self.from, to: message.to)
        }
        #expect(error?.kind == .configuration)
        #expect(error.map { !"\($0)".contains("wrong") } == true)
    }

    /// The relay's certificate is checked: without its CA, TLS fails and nothing is sent.
    @Test func anUntrustedCertificateIsRefused() throws {
        guard let sink = try SMTPSink.start(security: "starttls") else { return }
        var settings = Self.settings(sink, .starttls)
        settings.caFile = ""
        let message = Self.message(to: "ada@example.net")
        let error = #expect(throws: MailDeliveryError.self) {
            try CurlSMTPTransport(settings: settings).send(message.rendered(), from: Self.from, to: message.to)
        }
        #expect(error?.kind == .configuration)
        #expect(try sink.received().isEmpty)
    }

    /// STARTTLS is required, not hoped for: a relay that does not offer it gets no mail.
    @Test func starttlsAgainstAPlainRelaySendsNothing() throws {
        guard let sink = try SMTPSink.start() else { return }
        let message = Self.message(to: "ada@example.net")
        let error = #expect(throws: MailDeliveryError.self) {
            try CurlSMTPTransport(settings: Self.settings(sink, .starttls)).send(message.rendered(), from: Self.from, to: message.to)
        }
        #expect(error?.kind == .configuration)
        #expect(try sink.received().isEmpty)
    }

    @Test func noRelayListeningIsTransient() throws {
        var settings = SMTPSettings()
        settings.port = 1 // nothing listens on port 1 of loopback
        settings.connectTimeout = 2
        let message = Self.message(to: "ada@example.net")
        let error = #expect(throws: MailDeliveryError.self) {
            try CurlSMTPTransport(settings: settings).send(message.rendered(), from: Self.from, to: message.to)
        }
        #expect(error?.kind == .transient)
    }
}
