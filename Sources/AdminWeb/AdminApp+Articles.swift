import Blog
import BlogWeb
import Foundation
import HTTPServer
import Routes

/// Writing in the desk: the list of articles, the editor (save draft, publish, schedule,
/// unpublish, preview), deleting after a question, and revisions with restore. Editors and
/// owners only.
extension AdminApp {
    static let articlesPerPage = 20

    func articleList(_ request: HTTPRequest, _ session: AccountService.SignedIn, filter: DeskArticleFilter, query: String,
                     page: Int) throws -> HTTPResponse {
        let result = try store.deskArticles(filter: filter, query: query, page: page, perPage: Self.articlesPerPage)
        let pages = max(1, (result.total + Self.articlesPerPage - 1) / Self.articlesPerPage)
        guard page == 1 || page <= pages else { throw HTTPError.notFound() }
        let labels: [(DeskArticleFilter, String)] = [(.all, "filterAll"), (.published, "filterPublished"),
                                                     (.scheduled, "filterScheduled"), (.drafts, "filterDrafts"),
                                                     (.pages, "filterPages")]
        let view = ArticlesPageView(
            chrome: chrome(request, title: strings["articles"]!, session: session, nav: AdminNav(articles: true)),
            filters: labels.map {
                FilterLinkView(label: strings[$0.1]!, url: AdminRoute.articles(filter: $0.0, query: query).path, current: $0.0 == filter)
            },
            query: query,
            articles: result.articles.map { row in
                ArticleRowView(title: row.title, editURL: AdminRoute.editArticle(slug: row.slug).path,
                               status: statusLabel(row.state), statusClass: row.state.rawValue, date: text.date(row.publishedAt),
                               isoDate: ISODate.format(row.publishedAt), comments: row.commentCount,
                               kindLabel: row.kind == .page ? strings["kindPageLabel"]! : nil)
            },
            total: result.total,
            newer: page > 1 ? AdminRoute.articles(filter: filter, query: query, page: page - 1).path : nil,
            older: page < pages ? AdminRoute.articles(filter: filter, query: query, page: page + 1).path : nil,
            pageLabel: pages > 1 ? say("pageOf", page, pages) : nil,
            newURL: AdminRoute.newArticle.path, searchURL: AdminRoute.articles().path, filterValue: filter.rawValue)
        return Self.page(theme.articles.render(view))
    }

    func newArticleForm(_ request: HTTPRequest, _ session: AccountService.SignedIn) throws -> HTTPResponse {
        var form = ArticleForm()
        form.author = session.account.name
        return try editorPage(request, session, slug: nil, form: form, state: .draft)
    }

    func editArticleForm(_ request: HTTPRequest, _ session: AccountService.SignedIn, slug: String, saved: Bool) throws -> HTTPResponse {
        guard let stored = try store.articleForEditing(slug: slug) else { throw HTTPError.notFound() }
        return try editorPage(request, session, slug: slug, form: ArticleForm(article: stored.article, revision: stored.revision,
                                                                          timeZone: site.timeZone),
                          stored: stored.article, notice: saved ? strings["savedNotice"] : nil)
    }

    /// `POST /admin/articles` and `POST /admin/articles/{slug}`: the editor's buttons.
    /// - `publish`: public now; a date ahead is refused (that is `schedule`'s job, and a
    ///   silent schedule would surprise whoever pressed Publish);
    /// - `schedule`: public at the date, which must lie ahead;
    /// - `publish-now`: a scheduled article goes public now, dated now;
    /// - `draft` and `unpublish`: kept from readers;
    /// - `preview`: the public page from the form, nothing stored.
    func saveArticle(_ request: HTTPRequest, _ session: AccountService.SignedIn, slug originalSlug: String?) throws -> HTTPResponse {
        let fields = try formFields(request, token: session.token)
        let form = ArticleForm(fields: fields)
        let action = fields["action"] ?? "draft"
        let now = Date()
        let stored = try originalSlug.map { slug -> (article: Article, revision: Int) in
            guard let stored = try store.articleForEditing(slug: slug) else { throw HTTPError.notFound() }
            return stored
        }
        let state = stored?.article.state ?? .draft
        let draft: Bool = switch action {
        case "publish", "schedule", "publish-now": false
        case "unpublish", "draft": true
        default: state == .draft // preview and anything else keep the state
        }
        func refused(_ field: String, _ message: String) throws -> HTTPResponse {
            try editorPage(request, session, slug: originalSlug, form: form, state: state, storedKind: stored?.article.kind,
                       errors: [FieldErrorView(field: field, message: message)], status: .unprocessableContent)
        }
        var input: ArticleInput
        switch Result(catching: { () throws(BlogError) -> ArticleInput in try form.input(draft: draft, timeZone: site.timeZone) }) {
        case .success(let value):
            input = value
            // The form shows times to the minute: an untouched date keeps its seconds.
            if let stored, form.date == ArticleForm.localDateTime(stored.article.publishedAt, timeZone: site.timeZone) {
                input.publishedAt = stored.article.publishedAt
            }
            if let updated = stored?.article.updatedAt, form.updated == ArticleForm.localDateTime(updated, timeZone: site.timeZone) {
                input.updatedAt = updated
            }
        case .failure(.invalidArticle(_, let field, let problem)):
            return try refused(ArticleForm.field(forKey: field), problem)
        case .failure(let error):
            throw error
        }
        switch action {
        // A page is public when it is not a draft; its date schedules nothing.
        case "schedule" where input.kind == .page: return try refused("kind", strings["pageNoSchedule"]!)
        case "publish" where input.publishedAt > now && input.kind == .article: return try refused("date", strings["publishInFuture"]!)
        case "schedule" where input.publishedAt <= now: return try refused("date", strings["scheduleNeedsFuture"]!)
        case "publish-now": input.publishedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        default: break
        }
        if action == "preview" {
            return Self.page(preview(request, ArticleWithComments.preview(input)))
        }
        do {
            let saved = try store.saveArticle(input, originalSlug: originalSlug, expectedRevision: originalSlug == nil ? nil : form.revision,
                                              accountID: session.account.id)
            try audit(session, .articleSave, "\(saved.slug) r\(saved.revision) (\(action))")
            return .redirect(to: AdminRoute.editArticle(slug: saved.slug, saved: true).path)
        } catch BlogError.slugTaken {
            return try refused("slug", strings["slugTaken"]!)
        } catch BlogError.pageRefused(let refusal) { // what only the store can tell
            return try refused(ArticleForm.field(forKey: refusal.field), strings["page." + refusal.rawValue]!)
        } catch BlogError.editConflict(let current) {
            // Show what the stored text has and the form's has not; the form now builds on the
            // stored revision, so saving again is a deliberate overwrite.
            guard let originalSlug, let now = try store.articleForEditing(slug: originalSlug) else { throw HTTPError.notFound() }
            var mine = form
            mine.revision = current
            let theirs = ArticleDocument.print(now.article)
            let yours = ArticleDocument.print(ArticleWithComments.preview(input).article)
            let conflict = ConflictView(message: say("conflictMessage", current), lines: diffLines(from: theirs, to: yours))
            return try editorPage(request, session, slug: originalSlug, form: mine, stored: now.article, conflict: conflict,
                              status: .conflict)
        }
    }

    /// `POST …/preview-link` makes a new link (the old one stops working); `…/revoke` ends it.
    func changePreviewLink(_ request: HTTPRequest, _ session: AccountService.SignedIn, slug: String, create: Bool) throws
        -> HTTPResponse {
        _ = try formFields(request, token: session.token)
        do {
            if create {
                _ = try store.createPreviewLink(ofArticle: slug, accountID: session.account.id)
            } else {
                try store.revokePreviewLink(ofArticle: slug)
            }
        } catch BlogError.articleNotFound {
            throw HTTPError.notFound()
        }
        try audit(session, create ? .previewLinkCreate : .previewLinkRevoke, slug)
        return .redirect(to: AdminRoute.editArticle(slug: slug).path(anchor: "preview-link"))
    }

    func confirmDelete(_ request: HTTPRequest, _ session: AccountService.SignedIn, slug: String) throws -> HTTPResponse {
        guard let stored = try store.articleForEditing(slug: slug) else { throw HTTPError.notFound() }
        let view = DeletePageView(chrome: chrome(request, title: strings["deleteArticle"]!, session: session, nav: AdminNav(articles: true)),
                                  question: say("deleteQuestion", stored.article.title),
                                  detail: say("deleteDetail", stored.article.commentCount),
                                  action: AdminRoute.deleteArticle(slug: slug).path,
                                  cancelURL: AdminRoute.editArticle(slug: slug).path)
        return Self.page(theme.delete.render(view))
    }

    func deleteArticle(_ request: HTTPRequest, _ session: AccountService.SignedIn, slug: String) throws -> HTTPResponse {
        _ = try formFields(request, token: session.token)
        do {
            try store.deleteArticle(slug: slug)
        } catch BlogError.articleNotFound {
            throw HTTPError.notFound()
        }
        try audit(session, .articleDelete, slug)
        return .redirect(to: AdminRoute.articles().path)
    }

    func revisionsPage(_ request: HTTPRequest, _ session: AccountService.SignedIn, slug: String, shown: Int?) throws -> HTTPResponse {
        guard let stored = try store.articleForEditing(slug: slug) else { throw HTTPError.notFound() }
        let revisions = try store.revisions(ofArticle: slug)
        let current = ArticleDocument.print(stored.article)
        var shownView: ShownRevisionView?
        if let shown {
            guard let revision = revisions.first(where: { $0.revision == shown }) else { throw HTTPError.notFound() }
            let lines = TextDiff.lines(from: current, to: revision.document)
            shownView = ShownRevisionView(
                heading: say("revisionShown", shown), lines: diffLines(lines), unchanged: TextDiff.changes(lines) == 0,
                restoreURL: shown == stored.revision ? nil : AdminRoute.restoreRevision(slug: slug, revision: shown).path,
                currentRevision: stored.revision)
        }
        let view = RevisionsPageView(
            chrome: chrome(request, title: strings["revisions"]!, session: session, nav: AdminNav(articles: true)),
            heading: say("revisionsHeading", stored.article.title), editURL: AdminRoute.editArticle(slug: slug).path,
            revisions: revisions.map {
                RevisionRowView(number: $0.revision, label: say("revisionLabel", $0.revision), date: dateTime($0.savedAt),
                                isoDate: ISODate.format($0.savedAt), savedBy: $0.savedBy.map { say("revisionBy", $0) } ?? "",
                                url: AdminRoute.revisions(slug: slug, shown: $0.revision).path,
                                current: $0.revision == stored.revision, shown: $0.revision == shown)
            },
            shown: shownView)
        return Self.page(theme.revisions.render(view))
    }

    /// Saves a kept revision's text as the newest revision (the form names the revision it was
    /// shown against, so a restore over someone's newer save is refused like any other).
    func restoreRevision(_ request: HTTPRequest, _ session: AccountService.SignedIn, slug: String, revision: Int) throws -> HTTPResponse {
        let fields = try formFields(request, token: session.token)
        guard let kept = try store.revisions(ofArticle: slug).first(where: { $0.revision == revision }) else { throw HTTPError.notFound() }
        guard let current = try store.articleForEditing(slug: slug) else { throw HTTPError.notFound() }
        var input: ArticleInput
        do {
            input = try ArticleDocument.parse(kept.document, source: "revision \(revision)", timeZone: site.timeZone)
        } catch {
            throw HTTPError(.unprocessableContent, code: "invalid_article", message: "\(error)")
        }
        // The text comes back; the address and whether it is published stay as they are now
        // (restoring an early draft must not take a published article off the site, nor an old
        // date ahead make it scheduled again).
        input.slug = slug
        input.draft = current.article.draft
        input.kind = current.article.kind // an old revision of a page must not publish it as an article
        input.navOrder = current.article.navOrder
        if input.kind == .page { (input.tags, input.commentsOpen) = ([], false) }
        if current.article.state == .published { input.publishedAt = current.article.publishedAt }
        do {
            let saved = try store.saveArticle(input, originalSlug: slug, expectedRevision: fields["revision"].flatMap { Int($0) },
                                              accountID: session.account.id)
            try audit(session, .articleRestore, "\(saved.slug) r\(revision) → r\(saved.revision)")
            return .redirect(to: AdminRoute.editArticle(slug: saved.slug, saved: true).path)
        } catch BlogError.editConflict, BlogError.slugTaken {
            return .redirect(to: AdminRoute.revisions(slug: slug, shown: revision).path)
        }
    }

    // MARK: - Parts

    /// The editor for a stored article: its buttons and scheduled date follow the stored state.
    func editorPage(_ request: HTTPRequest, _ session: AccountService.SignedIn, slug: String, form: ArticleForm, stored: Article,
                    notice: String? = nil, conflict: ConflictView? = nil, status: HTTPStatus = .ok) throws -> HTTPResponse {
        try editorPage(request, session, slug: slug, form: form, state: stored.state, storedKind: stored.kind,
                   stateNote: stored.state == .scheduled ? say("scheduledStatus", dateTime(stored.publishedAt)) : nil,
                   notice: notice, conflict: conflict, status: status)
    }

    func editorPage(_ request: HTTPRequest, _ session: AccountService.SignedIn, slug: String?, form: ArticleForm,
                    state: PublicationState, storedKind: ArticleKind? = nil, stateNote: String? = nil, notice: String? = nil,
                    errors: [FieldErrorView] = [],
                    conflict: ConflictView? = nil, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let heading = slug == nil ? strings["newArticle"]! : say("editArticle", form.title)
        let previewLink = try slug.map { slug in
            PreviewLinkView(url: try store.previewLink(ofArticle: slug).map { site.baseURL + WebRoute.draftPreview(token: $0.token).path },
                            create: AdminRoute.createPreviewLink(slug: slug).path, revoke: AdminRoute.revokePreviewLink(slug: slug).path)
        }
        let view = EditorPageView(
            chrome: chrome(request, title: heading, session: session, nav: AdminNav(articles: true)), heading: heading,
            action: slug.map { AdminRoute.saveArticle(slug: $0).path } ?? AdminRoute.createArticle.path,
            form: EditorFormView(form), errors: errors, notice: notice, isNew: slug == nil, state: state, stateNote: stateNote,
            conflict: conflict, publicURL: slug.flatMap { slug in
                state == .published ? (storedKind == .page ? WebRoute.page(slug: slug) : WebRoute.article(slug: slug)).path : nil
            },
            deleteURL: slug.map { AdminRoute.confirmDeleteArticle(slug: $0).path },
            revisionsURL: slug.map { AdminRoute.revisions(slug: $0).path }, previewLink: previewLink)
        return Self.page(theme.editor.render(view), status: status)
    }

    func statusLabel(_ state: PublicationState) -> String {
        switch state {
        case .draft: strings["statusDraft"]!
        case .scheduled: strings["statusScheduled"]!
        case .published: strings["statusPublished"]!
        }
    }

    func diffLines(from old: String, to new: String) -> [DiffLineView] {
        diffLines(TextDiff.lines(from: old, to: new))
    }

    func diffLines(_ lines: [TextDiff.Line]) -> [DiffLineView] {
        lines.map {
            switch $0 {
            case .same(let text): DiffLineView(kind: "same", marker: " ", text: text)
            case .removed(let text): DiffLineView(kind: "removed", marker: "−", text: text)
            case .added(let text): DiffLineView(kind: "added", marker: "+", text: text)
            }
        }
    }

    /// A desk string with `%d`/`%@` filled in order.
    func say(_ key: String, _ arguments: any CustomStringConvertible...) -> String {
        Localization.fill(strings[key] ?? key, arguments)
    }

    /// A date with its time of day, in the site's zone ("December 7, 2026, 10:30").
    func dateTime(_ date: Date) -> String {
        text.date(date) + ", " + String(ArticleForm.localDateTime(date, timeZone: site.timeZone).suffix(5))
    }
}
