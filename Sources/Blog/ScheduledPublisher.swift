import Dispatch
import Foundation

/// Publishes scheduled articles at their dates while the server runs, without a restart.
///
/// A one-shot timer is armed for the next scheduled date, and armed again whenever it fires
/// and after every article write (`BlogStore.observeScheduling`). It never sleeps longer than
/// `longestSleep`, so an article scheduled by another process (`feder import` beside a running
/// server) or a wall clock that jumped is noticed within that time.
///
/// `@unchecked Sendable`: `timer` and `stopped` are only touched on `queue`.
public final class ScheduledPublisher: @unchecked Sendable {
    public static let longestSleep: TimeInterval = 60
    /// After a failed read or write (a full disk): try again this soon.
    static let retryAfterFailure: TimeInterval = 5

    private let store: BlogStore
    private let queue = DispatchQueue(label: "feder.scheduled-publisher")
    private let published: @Sendable ([String]) -> Void
    private let failed: @Sendable (any Error) -> Void
    private var timer: DispatchSourceTimer?
    private var stopped = false

    /// `published` hears the slugs that went live; `failed` why a wake-up could not finish.
    public init(store: BlogStore, published: @escaping @Sendable ([String]) -> Void = { _ in },
                failed: @escaping @Sendable (any Error) -> Void = { _ in }) {
        self.store = store
        self.published = published
        self.failed = failed
    }

    /// Publishes what is already due (the server may have been down at its time), then waits
    /// for the next date.
    public func start() {
        store.observeScheduling { [weak self] in self?.wake() }
        wake()
    }

    public func stop() {
        queue.sync {
            stopped = true
            timer?.cancel()
            timer = nil
        }
    }

    func wake() {
        queue.async { self.publishAndRearm() }
    }

    private func publishAndRearm() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !stopped else { return }
        var sleep = Self.longestSleep
        do {
            let slugs = try store.publishDueArticles()
            if !slugs.isEmpty { published(slugs) }
            if let next = try store.nextScheduledDate() {
                sleep = min(sleep, max(0, next.timeIntervalSinceNow))
            }
        } catch {
            failed(error)
            sleep = Self.retryAfterFailure
        }
        arm(after: sleep)
    }

    private func arm(after seconds: TimeInterval) {
        let timer = self.timer ?? {
            let made = DispatchSource.makeTimerSource(queue: queue)
            made.setEventHandler { [weak self] in self?.publishAndRearm() }
            made.resume()
            self.timer = made
            return made
        }()
        // Dates are stored to the second: firing a little after the second has begun makes
        // "due" (published_at <= now, both to the second) true for it.
        timer.schedule(deadline: .now() + seconds + 0.01, leeway: .milliseconds(10))
    }
}
