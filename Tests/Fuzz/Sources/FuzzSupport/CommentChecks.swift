import Blog

/// What `CommentText.html` may emit: paragraphs, line breaks and nofollow links.
public let commentHTML = HTMLSafety(allowedTags: ["p", "br", "a"])
/// What `CommentMarkdown.html` may emit besides: the safe subset's elements.
public let commentMarkdownHTML = HTMLSafety(allowedTags: ["p", "br", "a", "em", "strong", "code", "pre", "ul", "ol", "li",
                                                         "blockquote"])

/// Validates a draft the way both submission paths do, renders every field as comment text
/// and checks the invariants that hold for any input.
public func checkDraft(_ draft: CommentDraft) {
    let trimmed = draft.trimmed
    let issues = trimmed.fieldIssues()
    if issues[.website] == nil && !trimmed.website.isEmpty {
        let lower = trimmed.website.lowercased()
        invariant(lower.hasPrefix("http://") || lower.hasPrefix("https://"), "accepted website \(trimmed.website)")
        invariant(!trimmed.website.contains(where: { "\"<>` ".contains($0) }), "accepted website \(trimmed.website)")
    }
    if issues[.email] == nil {
        invariant(trimmed.email.filter { $0 == "@" }.count == 1, "accepted email \(trimmed.email)")
    }
    if issues[.name] == nil {
        invariant(!trimmed.name.isEmpty && trimmed.name.count <= CommentDraft.maxNameLength, "accepted name")
    }
    if issues[.parentID] == nil && !trimmed.parentID.isEmpty {
        invariant((trimmed.parsedParentID ?? 0) > 0, "accepted parent id \(trimmed.parentID)")
    }
    for text in [draft.body, draft.name, draft.website, trimmed.body] {
        checkRendered(CommentText.html(text), of: text, by: "CommentText.html", within: commentHTML)
        checkRendered(CommentMarkdown.html(text), of: text, by: "CommentMarkdown.html", within: commentMarkdownHTML)
        let escaped = CommentText.escape(text)
        invariant(!escaped.contains("<") && !escaped.contains(">") && !escaped.contains("\""), "escape")
    }
}

/// A renderer's HTML holds only its own elements, and links only to http(s).
func checkRendered(_ html: String, of text: String, by renderer: String, within safety: HTMLSafety) {
    if let problem = safety.problem(in: html) {
        invariant(false, "\(renderer): \(problem)\ninput: \(text.debugDescription)\noutput: \(html)")
    }
    for link in links(in: html) {
        let lower = link.lowercased()
        invariant(lower.hasPrefix("http://") || lower.hasPrefix("https://"), "\(renderer) link \(link)")
    }
}

/// The href values of the `<a>` tags in a fragment.
func links(in html: String) -> [String] {
    html.components(separatedBy: "<a href=\"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first.map(String.init) }
}
