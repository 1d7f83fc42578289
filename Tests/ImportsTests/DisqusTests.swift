import Blog
import Foundation
@testable import Imports
import Testing

/// A Disqus export (issue #16): comments for articles that are here, matched by their pages'
/// addresses.
@Suite struct DisqusTests {
    static let fixture = Bundle.module.path(forResource: "disqus-small", ofType: "xml", inDirectory: "Fixtures")!

    @Test func threadsAndPostsAreRead() throws {
        let export = try DisqusReader().read(path: Self.fixture)
        #expect(export.forum == "lena-kitchen" && export.threads.map(\.id) == ["7001", "7002", "7003"])
        #expect(export.threads[0].link == "https://lena.example/2025/02/11/suesser-duft/")
        let reply = try #require(export.posts.first { $0.id == "9002" })
        #expect(reply.threadID == "7001" && reply.parentID == "9001" && reply.authorEmail == "erik@example.com")
        #expect(export.posts.first { $0.id == "9006" }?.isApproved == false)
        #expect(throws: ImportFileError.self) { try DisqusReader().read(data: Data("<rss></rss>".utf8)) }
        #expect(throws: ImportFileError.self) {
            try DisqusReader().read(data: Data("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"b\">]><disqus>&a;</disqus>".utf8))
        }
    }

    @Test func commentsGoToTheArticlesTheirLinksNameAndTheRestIsReported() throws {
        let export = try DisqusReader().read(path: Self.fixture)
        let articles = ["https://lena.example/2025/02/11/suesser-duft/": "suesser-duft", "https://lena.example/posts/hello/": "hello"]
        let plan = DisqusPlanner().plan(export) { articles[$0] }
        #expect(plan.threads.map(\.slug) == ["suesser-duft", "hello"])
        let bread = plan.threads[0].comments
        #expect(bread.map(\.sourceID) == ["9001", "9002", "9004"])
        #expect(bread[1].parentSourceID == "9001" && bread[2].parentSourceID == nil, "a reply to a deleted comment starts a thread")
        #expect(plan.threads[1].comments.map(\.status) == [.spam, .pending])
        #expect(plan.report.comments == [.approved: 3, .spam: 1, .pending: 1])
        #expect(plan.report.skipped == [
            .init(source: "post 9003", reason: "deleted on Disqus"),
            .init(source: "thread 7003 (https://lena.example/gone-for-good/)", reason: "no article here has that address; its 1 comment(s) left out"),
        ])
    }
}
