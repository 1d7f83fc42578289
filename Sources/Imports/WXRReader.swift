import Blog
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Why an export file cannot be read: the file's line and the problem. Nothing is imported
/// from a file that stops with one of these.
public struct ImportFileError: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public let problem: String

    public var description: String { line > 0 ? "line \(line): \(problem)" : problem }
}

/// Reads a WordPress export (WXR 1.0–1.2) as a stream of SAX events (Foundation's
/// `XMLParser`), so a file of any size never sits in memory whole; only the items it holds
/// do. Hostile files are refused before they cost anything:
/// - a `DOCTYPE` is refused outright: WordPress never writes one, and it is where external
///   entities (XXE) and nested entity expansion ("billion laughs") are declared; an entity
///   declaration that slips past stops the parse too, and external entities are never resolved;
/// - every text field has a size limit (a 1 GB comment stops at the limit, with its line);
/// - the bytes are checked as UTF-8 before the parser sees them (it trusts them, and ill-formed
///   UTF-8 in a name crashed it);
/// - malformed or truncated XML stops with the parser's line and message.
public struct WXRReader {
    public struct Limits: Sendable {
        /// An item's content or excerpt (WordPress allows 4 GB; a post is rarely 1 MiB).
        public var contentBytes = 8 * 1024 * 1024
        /// Any other field: a title, a comment, a meta value.
        public var fieldBytes = 1024 * 1024
        /// How far into the file a `DOCTYPE` is looked for (it must precede the root element).
        public var prologBytes = 64 * 1024

        public init() {}
    }

    public var limits = Limits()

    public init() {}

    /// Reads the export at `path`.
    public func read(path: String) throws(ImportFileError) -> WXRExport {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportFileError(line: 0, problem: "\(path) cannot be read")
        }
        defer { try? handle.close() }
        let prolog = handle.readData(ofLength: limits.prologBytes)
        try Self.refuseDoctype(in: prolog)
        var validator = UTF8Validator()
        var chunk = prolog
        while !chunk.isEmpty {
            guard validator.consume(chunk) else { throw Self.notUTF8(line: validator.line) }
            chunk = handle.readData(ofLength: 1 << 20)
        }
        guard validator.isComplete else { throw Self.notUTF8(line: validator.line) }
        guard let stream = InputStream(fileAtPath: path) else { throw ImportFileError(line: 0, problem: "\(path) cannot be read") }
        return try parse(XMLParser(stream: stream))
    }

    /// Reads an export held in memory (tests, small files).
    public func read(data: Data) throws(ImportFileError) -> WXRExport {
        try Self.refuseDoctype(in: data.prefix(limits.prologBytes))
        var validator = UTF8Validator()
        guard validator.consume(data), validator.isComplete else { throw Self.notUTF8(line: validator.line) }
        return try parse(XMLParser(data: data))
    }

    private func parse(_ parser: XMLParser) throws(ImportFileError) -> WXRExport {
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        let collector = WXRCollector(limits: limits)
        parser.delegate = collector
        let finished = parser.parse()
        if let refusal = collector.refusal { throw refusal }
        guard finished else {
            let message = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "the XML is not well-formed"
            throw ImportFileError(line: parser.lineNumber, problem: "malformed XML (\(message))")
        }
        guard collector.closedRoot else {
            throw ImportFileError(line: parser.lineNumber, problem: "malformed XML (the file ends before its last element closes: truncated?)")
        }
        guard let version = collector.wxrVersion else {
            throw ImportFileError(line: 0, problem: "not a WordPress export: it has no wp:wxr_version")
        }
        guard ["1.0", "1.1", "1.2"].contains(version) else {
            throw ImportFileError(line: 0, problem: "WXR version \(version) is not one Feder reads (1.0 to 1.2)")
        }
        return collector.export
    }

    static func notUTF8(line: Int) -> ImportFileError {
        ImportFileError(line: line, problem: "not UTF-8 (WordPress exports are UTF-8; was the file converted or cut?)")
    }

    /// A `<!DOCTYPE` anywhere before the content (ASCII, any case) ends the import unread.
    static func refuseDoctype(in prolog: Data) throws(ImportFileError) {
        let bytes = [UInt8](prolog)
        let marker = Array("<!doctype".utf8)
        guard bytes.count >= marker.count else { return }
        for start in 0...(bytes.count - marker.count) where bytes[start] == UInt8(ascii: "<") {
            let window = bytes[start..<(start + marker.count)].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
            if window.elementsEqual(marker) {
                let line = bytes[..<start].filter { $0 == 0x0A }.count + 1
                throw ImportFileError(line: line, problem: "a DOCTYPE: WordPress exports have none, and one may declare entities")
            }
        }
    }
}

/// The SAX side: follows the element path and fills the export. Used on one thread, by one
/// `parse()` call.
private final class WXRCollector: NSObject, XMLParserDelegate {
    let limits: WXRReader.Limits
    var export = WXRExport()
    var wxrVersion: String?
    var refusal: ImportFileError?
    /// The root element closed: the file was not cut short.
    var closedRoot = false

    private var path: [String] = []
    private var text = Data()
    private var textLimit = 0
    private var author: WXRAuthor?
    private var item: WXRItem?
    private var comment: WXRComment?
    private var metaKey = ""
    private var metaValue = ""
    private var term: WXRTerm?

    init(limits: WXRReader.Limits) {
        self.limits = limits
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        path.append(name)
        text.removeAll(keepingCapacity: true)
        textLimit = name == "content:encoded" || name == "excerpt:encoded" ? limits.contentBytes : limits.fieldBytes
        switch name {
        case "item" where path.count == 3: item = WXRItem()
        case "wp:author" where item == nil: author = WXRAuthor()
        case "wp:comment" where item != nil: comment = WXRComment()
        case "wp:postmeta" where item != nil: (metaKey, metaValue) = ("", "")
        case "category" where item != nil && comment == nil:
            term = WXRTerm(domain: attributes["domain"] ?? "", nicename: attributes["nicename"] ?? "", name: "")
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        append(Data(string.utf8), parser)
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        append(block, parser)
    }

    private func append(_ data: Data, _ parser: XMLParser) {
        guard refusal == nil else { return }
        guard text.count + data.count <= textLimit else {
            refuse(parser, "<\(path.last ?? "?")> is larger than \(textLimit / 1024) KiB")
            return
        }
        text.append(data)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let value = String(decoding: text, as: UTF8.self)
        text.removeAll(keepingCapacity: true)
        defer {
            path.removeLast()
            if path.isEmpty { closedRoot = true }
        }
        if name == "wp:wxr_version" { wxrVersion = CommentDraft.trim(value) }
        if var comment {
            endComment(name, value, &comment)
            self.comment = name == "wp:comment" ? nil : comment
            if name == "wp:comment" { item?.comments.append(comment) }
            return
        }
        if var item {
            endItem(name, value, &item)
            self.item = name == "item" ? nil : item
            if name == "item" { export.items.append(item) }
            return
        }
        if var author {
            switch name {
            case "wp:author_login": author.login = value
            case "wp:author_display_name": author.displayName = value
            default: break
            }
            self.author = name == "wp:author" ? nil : author
            if name == "wp:author" { export.authors.append(author) }
            return
        }
        if name == "link" && path.count == 3 && path[1] == "channel" { export.siteURL = CommentDraft.trim(value) }
    }

    private func endItem(_ name: String, _ value: String, _ item: inout WXRItem) {
        switch name {
        case "title": item.title = value
        case "link": item.link = CommentDraft.trim(value)
        case "dc:creator": item.creator = value
        case "content:encoded": item.content = value
        case "excerpt:encoded": item.excerpt = value
        case "wp:post_id": item.id = Int(CommentDraft.trim(value)) ?? 0
        case "wp:post_date_gmt": item.dateGMT = CommentDraft.trim(value)
        case "wp:post_modified_gmt": item.modifiedGMT = CommentDraft.trim(value)
        case "wp:post_name": item.name = CommentDraft.trim(value)
        case "wp:status": item.status = CommentDraft.trim(value)
        case "wp:post_type": item.type = CommentDraft.trim(value)
        case "wp:comment_status": item.commentStatus = CommentDraft.trim(value)
        case "wp:post_parent": item.parentID = Int(CommentDraft.trim(value)) ?? 0
        case "wp:menu_order": item.menuOrder = Int(CommentDraft.trim(value)) ?? 0
        case "wp:attachment_url": item.attachmentURL = CommentDraft.trim(value)
        case "wp:meta_key": metaKey = value
        case "wp:meta_value": metaValue = value
        case "wp:postmeta": if !metaKey.isEmpty { item.meta[metaKey] = metaValue }
        case "category":
            if var term {
                term.name = value
                item.terms.append(term)
            }
            term = nil
        default: break
        }
    }

    private func endComment(_ name: String, _ value: String, _ comment: inout WXRComment) {
        var trimmed: String { CommentDraft.trim(value) } // for the short fields only
        switch name {
        case "wp:comment_id": comment.id = Int(trimmed) ?? 0
        case "wp:comment_parent": comment.parentID = Int(trimmed) ?? 0
        case "wp:comment_author": comment.author = value
        case "wp:comment_author_email": comment.authorEmail = trimmed
        case "wp:comment_author_url": comment.authorURL = trimmed
        case "wp:comment_date_gmt": comment.dateGMT = trimmed
        case "wp:comment_content": comment.content = value
        case "wp:comment_approved": comment.approved = trimmed
        case "wp:comment_type": comment.type = trimmed
        default: break
        }
    }

    // Entity declarations can only come from a DOCTYPE, which is refused before parsing; if
    // one is reported anyway, the parse stops.
    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        refuse(parser, "an entity declaration (\(name))")
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        refuse(parser, "an external entity declaration (\(name))")
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? { nil }

    private func refuse(_ parser: XMLParser, _ problem: String) {
        guard refusal == nil else { return }
        refusal = ImportFileError(line: parser.lineNumber, problem: problem)
        parser.abortParsing()
    }
}
