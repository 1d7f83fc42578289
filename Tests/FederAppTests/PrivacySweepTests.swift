@testable import FederApp
import Blog
import FederTestSupport
import Foundation
import HTTPServer
import MailTestSupport
import Testing

/// Posts comments with a unique email, then fetches every public route and fails if the
/// address, its lowercase form or its keyed hash appear anywhere (PRODUCT §5).
@Suite struct PrivacySweepTests {
    @Test func theEmailNeverLeavesTheServer() throws {
        let site = try TestInstallation(seedDemoContent: true) { $0.comments.moderation = .none }
        let email = "Privacy.Sweep-\(UUID().uuidString.prefix(8))@Example.org"
        let slug = "why-i-went-back-to-running-my-own-blog"
        let form = site.postForm("/articles/\(slug)/comments", [("name", "Sweeper"), ("email", email), ("body", "A visible comment")])
        #expect(form.status == .seeOther)
        let api = site.postJSON("/api/articles/\(slug)/comments", #"{"name":"Sweeper","email":"\#(email)","body":"Another one"}"#)
        #expect(api.status == .created)
        // Error answers that echo input must not echo the email either.
        let duplicate = site.postJSON("/api/articles/\(slug)/comments", #"{"name":"Sweeper","email":"\#(email)","body":"Another one"}"#)
        let invalid = site.postJSON("/api/articles/\(slug)/comments", #"{"name":"","email":"\#(email)","body":""}"#)
        let hash = site.app.comments.hasher.emailHash(email)

        var responses = [form, api, duplicate, invalid]
        let commentID = try #require(api.json["id"] as? Int)
        let paths = ["/", "/?page=1", "/articles/\(slug)", "/articles/\(slug)?replyto=1", "/articles/\(slug)/comments.xml",
                     "/articles/\(slug)?cpage=1", "/articles/\(slug)?cpage=1&replyto=\(commentID)",
                     "/articles/\(slug)/comments/\(commentID)", "/api/articles/\(slug)/comments?page=1&per_page=1",
                     "/api/articles", "/api/articles/\(slug)", "/api/articles/\(slug)/comments", "/feed.xml", "/sitemap.xml",
                     "/robots.txt", "/archive", "/archive/2026/03", "/search?q=visible", "/search?q=Sweeper", "/tags/privacy",
                     "/about", "/nope", "/articles/nope", "/api/articles/nope", "/api/openapi.json", "/healthz"]
        for path in paths { responses.append(site.get(path)) }
        for path in paths.prefix(4) { responses.append(site.get(path, headers: [("Accept-Encoding", "gzip")])) }
        #expect(site.get("/articles/\(slug)").text.contains("A visible comment"))
        for response in responses {
            var texts = [response.text] + response.headers.fields.map { "\($0.name): \($0.value)" }
            if response.headers["Content-Encoding"] == "gzip", let plain = Gzip.decompress(response.body) {
                texts.append(String(decoding: plain, as: UTF8.self))
            }
            for text in texts {
                #expect(!text.localizedCaseInsensitiveContains(email), "email leaked: \(text.prefix(80))")
                #expect(!text.contains(hash), "email hash leaked")
            }
        }
    }

    /// The author's desk shows addresses to those signed in; nothing of it reaches a public
    /// answer or the log: not a commenter's address, not the account's, not the password.
    @Test func deskActivityLeavesNoTraceInPublicAnswersOrTheLog() throws {
        let log = LogCapture()
        let site = try TestInstallation(seedDemoContent: true, logger: log.logger) { $0.comments.moderation = .all }
        let commenter = "held-\(UUID().uuidString.prefix(8))@example.org"
        let owner = "owner-\(UUID().uuidString.prefix(8))@example.org", password = "quiet harbour \(UUID().uuidString)"
        let slug = "why-i-went-back-to-running-my-own-blog"
        site.postForm("/articles/\(slug)/comments", [("name", "Held"), ("email", commenter), ("body", "Waiting in the queue")])
        _ = try site.app.accounts.add(email: owner, name: "Desk Owner", role: .owner, password: password)
        let form = site.get("/admin/login")
        let token = try #require(form.headers.values(for: "Set-Cookie").first { $0.hasPrefix("feder_signin=") })
            .split(separator: ";")[0]
        let csrf = try #require(form.text.range(of: "name=\"csrf\" value=\"")).upperBound
        let field = String(form.text[csrf...].prefix { $0 != "\"" })
        for attempt in [password + "x", password] {
            site.postForm("/admin/login", [("csrf", field), ("email", owner), ("password", attempt)],
                          headers: [("Cookie", String(token)), ("Origin", "http://blog.test")])
        }
        // The desk answers the held comment (publishing both), edits it, and shares a preview link.
        let held = try #require(try site.app.store.moderationQueue(status: .pending, before: nil, perPage: 5).comments.first)
        let reply = try site.app.comments.replyAsAuthor(to: held.comment.id, body: "Answered from the desk", name: "Desk Owner",
                                                        email: owner, clientAddress: "192.0.2.9")
        try site.app.store.editComment(id: held.comment.id, body: "Waiting in the queue, now edited")
        let link = try site.app.store.createPreviewLink(ofArticle: slug, accountID: nil)
        var responses: [HTTPResponse] = []
        for path in ["/", "/articles/\(slug)", "/articles/\(slug)/comments.xml", "/feed.xml", "/api/articles/\(slug)/comments",
                     "/search?q=Waiting", "/admin/login", "/admin", "/articles/\(slug)/comments/\(reply.id)",
                     "/preview/\(link.token)", "/about"] {
            responses.append(site.get(path))
        }
        let article = site.get("/articles/\(slug)").text
        #expect(article.contains("Answered from the desk") && article.contains("now edited"))
        for response in responses {
            let text = response.text + response.headers.fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
            for secret in [commenter, owner, password] { #expect(!text.contains(secret), "\(secret) leaked") }
        }
        #expect(log.lines.contains { $0.contains("sign-in refused") } && log.lines.contains { $0.contains("admin sign-in: account") })
        for line in log.lines {
            for secret in [commenter, owner, password, password + "x"] { #expect(!line.contains(secret), "log: \(line)") }
        }
    }

    /// Imported commenters' addresses (WordPress, then Disqus) reach no public answer, no old
    /// address's redirect, no line of the import's report and no log line (issue #16).
    @Test func importedAddressesNeverLeaveTheServer() throws {
        let log = LogCapture()
        let site = try TestInstallation(logger: log.logger)
        let fixtures = TestInstallation.repositoryRoot + "/Tests/ImportsTests/Fixtures/"
        let now = ISODate.parse("2026-12-01T00:00:00Z")!
        let reports = [
            try SiteImport.run(.wordpress, file: fixtures + "wordpress-small.xml", uploads: nil, dryRun: true, app: site.app, now: now),
            try SiteImport.run(.wordpress, file: fixtures + "wordpress-small.xml", uploads: nil, dryRun: false, app: site.app, now: now),
            try SiteImport.run(.disqus, file: fixtures + "disqus-small.xml", uploads: nil, dryRun: false, app: site.app, now: now),
        ].map(\.text)
        let emails = ["grace@example.com", "lena@example.org", "spam@example.net", "new@example.com", "ada@example.com",
                      "dora@example.com", "erik@example.com", "fay@example.com", "gus@example.com"]
        let hashes = emails.map(site.app.comments.hasher.emailHash)
        let slug = "suesser-duft"
        var texts = reports + log.lines
        for path in ["/", "/articles/\(slug)", "/articles/\(slug)/comments.xml", "/api/articles/\(slug)/comments", "/api/articles",
                     "/api/articles/\(slug)", "/feed.xml", "/sitemap.xml", "/search?q=dough", "/impressum", "/tags/baking",
                     "/2025/02/11/suesser-duft/", "/?p=12", "/?p=20", "/author/lena/", "/media/2025/02/loaf.jpg"] {
            let response = site.get(path)
            texts.append(response.text)
            texts += response.headers.fields.map { "\($0.name): \($0.value)" }
        }
        #expect(site.get("/articles/\(slug)").text.contains("From Disqus, with love."))
        for text in texts {
            for email in emails { #expect(!text.localizedCaseInsensitiveContains(email), "\(email) leaked: \(text.prefix(80))") }
            for hash in hashes { #expect(!text.contains(hash), "an email hash leaked") }
        }
    }

    /// Mail is a channel that leaves the server (issue #17): a moderator's notice and the pages
    /// its links open hold no commenter's address or hash, and the log names only domains.
    @Test func mailCarriesNoCommentersAddress() throws {
        guard let sink = try SMTPSink.start() else { return }
        let log = LogCapture()
        let moderator = "moderator-\(UUID().uuidString.prefix(8))@example.org"
        let site = try TestInstallation(seedDemoContent: true, logger: log.logger) { config in
            config.comments.moderation = .all
            config.mail.enabled = true
            config.mail.from = "blog@example.org"
            config.mail.moderators = [moderator]
            config.mail.smtp.port = sink.port
        }
        let commenter = "Mail.Sweep-\(UUID().uuidString.prefix(8))@Example.org"
        let slug = "why-i-went-back-to-running-my-own-blog"
        site.postForm("/articles/\(slug)/comments", [("name", "Sweeper"), ("email", commenter), ("body", "Held for the mail")])
        _ = site.postJSON("/api/articles/\(slug)/comments", #"{"name":"Sweeper","email":"\#(commenter)","body":"Held again"}"#)
        #expect(try #require(site.app.mailDelivery).deliverDue() == 2)
        let mails = try sink.received()
        #expect(mails.count == 2)
        var texts = log.lines
        var pagesOpened = 0
        for mail in mails {
            texts += [String(decoding: mail.raw, as: UTF8.self), mail.text ?? "", mail.html ?? ""]
            texts += mail.headers.map { $0.joined(separator: ": ") }
            for link in mail.links(startingWith: "http://blog.test/", relativeTo: "http://blog.test") {
                let page = site.get(link)
                pagesOpened += 1
                texts.append(page.text)
                texts += page.headers.fields.map { "\($0.name): \($0.value)" }
            }
        }
        #expect(pagesOpened == 6) // approve, spam and the queue, in each mail
        let hash = site.app.comments.hasher.emailHash(commenter)
        for text in texts {
            #expect(!text.localizedCaseInsensitiveContains(commenter), "commenter's address leaked: \(text.prefix(80))")
            #expect(!text.contains(hash), "an email hash leaked")
        }
        for line in log.lines { #expect(!line.contains(moderator), "log: \(line)") }
        #expect(log.lines.contains { $0.contains("sent to <…@example.org>") })
    }

    /// Readers' mail (issue #17): each mail names only its own recipient's address; the
    /// replier's, the other followers' and their hashes reach no mail, page or log line.
    @Test func subscriberMailCarriesOnlyItsRecipientsAddress() throws {
        guard let sink = try SMTPSink.start() else { return }
        let log = LogCapture()
        let site = try TestInstallation(seedDemoContent: true, logger: log.logger) { config in
            config.mail.enabled = true
            config.mail.from = "blog@example.org"
            config.mail.smtp.port = sink.port
        }
        let slug = "why-i-went-back-to-running-my-own-blog"
        let tag = UUID().uuidString.prefix(8)
        let ada = "ada-\(tag)@example.org", bob = "bob-\(tag)@example.org", cy = "cy-\(tag)@example.org"
        site.postForm("/articles/\(slug)/comments", [("name", "Ada"), ("email", ada), ("body", "Tell me"), ("notify", "1")])
        _ = site.postJSON("/api/articles/\(slug)/comments", #"{"name":"Cy","email":"\#(cy)","body":"Following","notify_article":true}"#)
        for hash in [ada, cy].map(site.comments.hasher.emailHash) {
            for subscription in try site.store.subscriptions(emailHash: hash) { try site.store.confirmSubscription(id: subscription.id) }
        }
        let adaComment = try #require(try site.store.comments(byEmailHash: site.comments.hasher.emailHash(ada)).first)
        site.postForm("/articles/\(slug)/comments", [("name", "Bob"), ("email", bob), ("body", "Answer"),
                                                    ("parent_id", String(adaComment.id))])
        #expect(try #require(site.app.mailDelivery).deliverDue() == 4) // two confirmations, Ada's reply mail, Cy's new-comment mail
        let mails = try sink.received()
        let everyone = [ada, bob, cy]
        for mail in mails {
            let texts = [String(decoding: mail.raw, as: UTF8.self), mail.text ?? "", mail.html ?? ""] + mail.headers.map { $0.joined(separator: ": ") }
            for address in everyone where !mail.rcpt_tos.contains(address.lowercased()) {
                for text in texts {
                    #expect(!text.localizedCaseInsensitiveContains(address), "\(address) leaked into mail to \(mail.rcpt_tos)")
                    #expect(!text.contains(site.comments.hasher.emailHash(address)), "an email hash leaked")
                }
            }
        }
        var public_: [String] = log.lines
        for path in ["/articles/\(slug)", "/api/articles/\(slug)/comments", "/articles/\(slug)/comments.xml", "/feed.xml"] {
            public_.append(site.get(path).text)
        }
        for text in public_ { for address in everyone { #expect(!text.localizedCaseInsensitiveContains(address), "\(address) leaked") } }
    }
}
