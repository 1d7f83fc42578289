@testable import Blog
import Testing

@Suite struct TextDiffTests {
    @Test func showsRemovedAndAddedLinesAroundWhatStayed() {
        let lines = TextDiff.lines(from: "a\nb\nc\nd", to: "a\nc\nx\nd")
        #expect(lines == [.same("a"), .removed("b"), .same("c"), .added("x"), .same("d")])
        #expect(TextDiff.changes(lines) == 2)
        #expect(TextDiff.changes(TextDiff.lines(from: "same\ntext", to: "same\ntext")) == 0)
    }

    @Test func aHugeMiddleIsShownWholeInsteadOfComparedPairByPair() {
        let old = (0..<3000).map { "old \($0)" }.joined(separator: "\n")
        let new = (0..<3000).map { "new \($0)" }.joined(separator: "\n")
        let lines = TextDiff.lines(from: "top\n" + old + "\nend", to: "top\n" + new + "\nend")
        #expect(lines.first == .same("top") && lines.last == .same("end"))
        #expect(lines.count == 6002 && TextDiff.changes(lines) == 6000)
    }
}
