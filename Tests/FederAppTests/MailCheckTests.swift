@testable import FederApp
import Foundation
import Mail
import MailTestSupport
import Testing

/// `feder mail test` against a real SMTP server.
@Suite struct MailCheckTests {
    static func config(port: Int, enabled: Bool = true) -> FederConfig {
        var config = FederConfig()
        config.site.title = "Zäune & <Wege>"
        config.site.baseURL = "https://blog.example.org"
        config.mail.enabled = enabled
        config.mail.from = "blog@example.org"
        config.mail.smtp.port = port
        return config
    }

    @Test func sendsATestMailThatSaysWhichBlogSentIt() throws {
        guard let sink = try SMTPSink.start() else { return }
        let line = try MailCheck.sendTest(to: "ada@example.net", config: Self.config(port: sink.port))
        #expect(line == "sent a test mail to ada@example.net through 127.0.0.1:\(sink.port) (security none)")
        let mail = try #require(try sink.received().first)
        #expect(mail.header("Subject") == "Zäune & <Wege>: test mail")
        #expect(mail.header("From") == "\"Zäune & <Wege>\" <blog@example.org>")
        #expect(mail.header("Message-ID")?.hasSuffix("@blog.example.org>") == true)
        #expect(mail.helo == "blog.example.org", "Feder greets the relay with the site's host name")
        #expect(mail.html?.contains("Zäune &amp; &lt;Wege&gt;") == true, "the title is escaped in HTML")
    }

    @Test func saysWhyNothingWasSent() throws {
        #expect(throws: MailCheck.Failure.self) { try MailCheck.sendTest(to: "ada@example.net", config: Self.config(port: 25, enabled: false)) }
        do {
            _ = try MailCheck.sendTest(to: "not an address", config: Self.config(port: 25))
            Issue.record("sent to a bad address")
        } catch {
            #expect("\(error)".contains("not an address mail can be sent to"))
        }
    }
}
