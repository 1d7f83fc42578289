@testable import Blog
import Foundation
import Testing

@Suite struct SearchSnippetTests {
    @Test func marksMatchingWordsAroundTheFirstMatch() {
        let words = (1...60).map { "w\($0)" }
        let text = (words[..<40] + ["Zeppelin,"] + words[40...]).joined(separator: " ")
        let snippet = SearchSnippet.make(text, terms: ["zeppelin"], lastIsPrefix: false)
        #expect(snippet.hasPrefix("…w33 ") && snippet.hasSuffix("…"))
        #expect(snippet.contains("\u{1}Zeppelin\u{2},"))
        #expect(snippet.split(separator: " ").count == SearchSnippet.words)
    }

    @Test func wordsMatchWithoutCaseOrDiacriticsAndTheLastAsAPrefix() {
        let snippet = SearchSnippet.make("Über den Dom in Köln, zeppelins überall.", terms: ["uber", "kol"], lastIsPrefix: true)
        #expect(snippet == "\u{1}Über\u{2} den Dom in \u{1}Köln\u{2}, zeppelins überall.")
        #expect(SearchSnippet.make("a zeppelins b", terms: ["zeppelin"], lastIsPrefix: false) == "a zeppelins b")
    }

    @Test func shortTextIsWholeAndTextWithoutAMatchStartsAtTheBeginning() {
        #expect(SearchSnippet.make("Just a few words.", terms: ["nothing"], lastIsPrefix: true) == "Just a few words.")
        let long = (1...40).map { "w\($0)" }.joined(separator: " ")
        #expect(SearchSnippet.make(long, terms: ["x"], lastIsPrefix: true).hasPrefix("w1 w2"))
        #expect(SearchSnippet.make("", terms: ["x"], lastIsPrefix: true) == "")
    }

    /// Of the newest forty matches, title matches first, then the others, each newest first.
    @Test func titleMatchesComeFirstThenTheNewest() throws {
        try withStore { store, _ throws in
            try makeArticles((0..<150).map { index in
                makeInput("post-\(index)", title: (0..<3).contains(index) || (120..<125).contains(index) ? "Zeppelin days" : "Post \(index)",
                          published: ISODate.format(date("2026-01-01T00:00:00Z").addingTimeInterval(Double(index) * 60)),
                          markdown: "A zeppelin over the roofs.")
            }, in: store)
            let hits = try #require(try store.search("zeppelin"))
            // The three oldest title matches are not among the newest forty matches.
            let expected = (120..<125).reversed().map { "post-\($0)" } + (135..<150).reversed().map { "post-\($0)" }
            #expect(hits.map(\.article.slug) == expected)
            #expect(hits.allSatisfy { $0.snippet.contains("\u{1}zeppelin\u{2}") })
        }
    }
}
