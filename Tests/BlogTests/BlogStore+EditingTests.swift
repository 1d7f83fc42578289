@testable import Blog
import Foundation
import Testing

@Suite struct ArticleSavingTests {
    @Test func keepsTheLastFiftyRevisions() throws {
        try withStore { store, _ in
            var input = makeInput("kept")
            var revision = try store.saveArticle(input, originalSlug: nil, expectedRevision: nil, accountID: nil).revision
            for index in 0..<55 {
                input.markdown = "Version \(index)"
                revision = try store.saveArticle(input, originalSlug: "kept", expectedRevision: revision, accountID: nil).revision
            }
            let kept = try store.revisions(ofArticle: "kept")
            #expect(revision == 56 && kept.count == BlogStore.keptRevisions)
            #expect(kept.first?.revision == 56 && kept.last?.revision == 7)
            #expect(kept.first?.document.hasSuffix("Version 54") == true)
        }
    }

    @Test func anUnchangedSaveKeepsItsRevisionAndARenameMovesTheArticle() throws {
        try withStore { store, _ in
            let input = makeInput("before")
            _ = try store.saveArticle(input, originalSlug: nil, expectedRevision: nil, accountID: nil)
            #expect(try store.saveArticle(input, originalSlug: "before", expectedRevision: 1, accountID: nil).revision == 1)
            var renamed = input
            renamed.slug = "after"
            let saved = try store.saveArticle(renamed, originalSlug: "before", expectedRevision: 1, accountID: nil)
            #expect(saved.slug == "after" && saved.revision == 2)
            #expect(try store.article(slug: "before") == nil && store.article(slug: "after") != nil)
            #expect(throws: BlogError.editConflict(current: 2)) {
                try store.saveArticle(renamed, originalSlug: "after", expectedRevision: 1, accountID: nil)
            }
        }
    }

    /// An import or an API call that changes an article counts a revision too, so an editor
    /// opened before it cannot overwrite it unseen.
    @Test func anImportInBetweenIsAConflictForTheEditor() throws {
        try withStore { store, _ in
            var input = makeInput("shared")
            _ = try store.saveArticle(input, originalSlug: nil, expectedRevision: nil, accountID: nil)
            input.markdown = "Changed by an import."
            try store.upsert([input])
            #expect(try store.articleForEditing(slug: "shared")?.revision == 2)
            input.markdown = "Changed in the editor opened at revision 1."
            #expect(throws: BlogError.editConflict(current: 2)) {
                try store.saveArticle(input, originalSlug: "shared", expectedRevision: 1, accountID: nil)
            }
        }
    }
}
