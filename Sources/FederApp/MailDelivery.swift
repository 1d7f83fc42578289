import Blog
import BlogWeb
import Dispatch
import Foundation
import Locking
import Logging
import Mail

/// Sends what the outbox holds: claims due mail (committed as `sending` first), writes its
/// words, hands it to the relay, and records how it went. One pass at a time, on a queue of
/// its own, at utility priority: a slow relay never holds up a page or a comment.
///
/// `@unchecked Sendable`: `prunedAt` is only touched on `task.queue`; the rest is immutable.
public final class MailDelivery: @unchecked Sendable {
    private let store: BlogStore
    private let transport: any MailTransport
    private let compose: @Sendable (OutboxMail) throws -> ComposedMail?
    private let sender: MailAddress
    /// The right-hand side of every Message-ID: the site's host.
    private let host: String
    private let policy: OutboxPolicy
    private let logger: Logger
    private let task: RepeatingTask
    /// When old outbox rows were last pruned (on `task.queue`).
    private var prunedAt = Date.distantPast

    public init(store: BlogStore, transport: any MailTransport, sender: MailAddress, host: String, policy: OutboxPolicy,
                interval: DispatchTimeInterval = .seconds(2), logger: Logger,
                compose: @escaping @Sendable (OutboxMail) throws -> ComposedMail?) {
        self.store = store
        self.transport = transport
        self.sender = sender
        self.host = host
        self.policy = policy
        self.logger = logger
        self.compose = compose
        task = RepeatingTask(label: "feder.mail", qos: .utility, interval: interval, leeway: .milliseconds(250))
    }

    /// Settles mail a previous process left `sending`, then polls the outbox every `interval`
    /// (one indexed query when nothing is due). A second call does nothing.
    public func start() {
        task.start(first: settleInterrupted) { [weak self] in
            guard let self else { return }
            deliverDue()
            pruneHourly()
        }
    }

    public func stop() { task.stop() }

    private func settleInterrupted() {
        do {
            let interrupted = try store.settleInterruptedMail()
            if interrupted > 0 {
                logger.warning("\(interrupted) mail(s) were being sent when Feder last stopped; they are not sent again (state unknown)")
            }
        } catch {
            logger.error("could not settle interrupted mail: \(error)")
        }
    }

    /// One pass: everything due, within the hourly limits, each claim and each record at the
    /// time it happens (`clock`: tests move it). A relay that refuses our login or our TLS
    /// ends the pass at the first such mail: every other one would fail alike, and repeated
    /// failed logins get an address locked out. Returns how many were tried.
    /// Runs on `task.queue` in the server; tests call it directly.
    @discardableResult
    public func deliverDue(clock: () -> Date = { Date() }) -> Int {
        var tried = 0
        while true {
            let batch: [OutboxMail]
            do {
                batch = try store.claimDueMail(now: clock(), policy: policy)
            } catch {
                logger.error("could not read the outbox: \(error)")
                return tried
            }
            guard !batch.isEmpty else { return tried }
            for (index, mail) in batch.enumerated() {
                let (outcome, stop) = attempt(mail, now: clock())
                record(mail, outcome, now: clock())
                tried += 1
                if stop {
                    // Claimed but not tried: back to the queue as they were, due now.
                    for untried in batch[(index + 1)...] { record(untried, .released, now: clock()) }
                    return tried
                }
            }
        }
    }

    private func pruneHourly(now: Date = Date()) {
        guard now.timeIntervalSince(prunedAt) > 3600 else { return }
        prunedAt = now
        do { try store.pruneMail(now: now) } catch { logger.error("could not prune the outbox: \(error)") }
    }

    private func record(_ mail: OutboxMail, _ outcome: MailOutcome, now: Date) {
        do {
            try store.finishMail(mail, outcome, now: now, policy: policy)
        } catch {
            logger.error("could not record mail #\(mail.id): \(error)")
        }
    }

    /// How sending one mail went, and whether the pass must stop (a configuration error).
    private func attempt(_ mail: OutboxMail, now: Date) -> (MailOutcome, stop: Bool) {
        guard let recipient = MailAddress(mail.recipient) else {
            return (.failed(reason: "not an address mail can be sent to"), false)
        }
        let words: ComposedMail?
        do {
            words = try compose(mail)
        } catch {
            return (.deferred(reason: "could not write the mail: \(error)"), false)
        }
        guard let words else { return (.cancelled(reason: "nothing to say any more"), false) }
        // RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe that POSTs to it.
        let listHeaders = words.unsubscribeURL.map {
            [(name: "List-Unsubscribe", value: "<\($0)>"), (name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click")]
        } ?? []
        let message = MailMessage(from: sender, to: recipient, subject: words.subject, text: words.text, html: words.html,
                                  messageID: "feder.\(mail.id).\(mail.kind.rawValue)@\(host)", date: now, headers: listHeaders)
        do {
            try transport.send(message.rendered(), from: sender, to: recipient)
            logger.info("mail #\(mail.id) (\(mail.kind.rawValue)) sent to \(recipient)")
            return (.sent, false)
        } catch {
            switch error.kind {
            case .permanent:
                logger.warning("mail #\(mail.id) (\(mail.kind.rawValue)) to \(recipient) refused for good: \(error)")
                return (.failed(reason: error.description), false)
            case .transient:
                logger.warning("mail #\(mail.id) (\(mail.kind.rawValue)) to \(recipient) not sent, will try again: \(error)")
                return (.deferred(reason: error.description), false)
            case .configuration:
                logger.error("mail is not going out: \(error); check the mail.* settings (`feder mail test`). Trying again later.")
                return (.deferred(reason: error.description), true)
            }
        }
    }
}
