import Blog
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an export file as a stream of SAX events (Foundation's `XMLParser`), so a file of
/// any size never sits in memory whole; only what its collector keeps does. Shared by every
/// XML export (WordPress, Disqus). Hostile files are refused before they cost anything:
/// - a `DOCTYPE` is refused outright: no engine's export has one, and it is where external
///   entities (XXE) and nested entity expansion ("billion laughs") are declared; an entity
///   declaration that slips past stops the parse too, and external entities are never resolved;
/// - every text field has a size limit (a 1 GB comment stops at the limit, with its line);
/// - the bytes are checked as UTF-8 before the parser sees them (it trusts them, and ill-formed
///   UTF-8 in a name crashed it);
/// - malformed or truncated XML stops with the parser's line and message.
enum ExportXML {
    /// How far into the file a `DOCTYPE` is looked for (it must precede the root element).
    static let prologBytes = 64 * 1024

    static func read(path: String, into collector: ExportXMLCollector) throws(ImportFileError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportFileError(line: 0, problem: "\(path) cannot be read")
        }
        defer { try? handle.close() }
        let prolog = handle.readData(ofLength: prologBytes)
        try refuseDoctype(in: prolog, format: collector.formatName)
        var validator = UTF8Validator()
        var chunk = prolog
        while !chunk.isEmpty {
            guard validator.consume(chunk) else { throw notUTF8(line: validator.line, format: collector.formatName) }
            chunk = handle.readData(ofLength: 1 << 20)
        }
        guard validator.isComplete else { throw notUTF8(line: validator.line, format: collector.formatName) }
        guard let stream = InputStream(fileAtPath: path) else { throw ImportFileError(line: 0, problem: "\(path) cannot be read") }
        try parse(XMLParser(stream: stream), into: collector)
    }

    /// An export held in memory (tests, small files).
    static func read(data: Data, into collector: ExportXMLCollector) throws(ImportFileError) {
        try refuseDoctype(in: data.prefix(prologBytes), format: collector.formatName)
        var validator = UTF8Validator()
        guard validator.consume(data), validator.isComplete else { throw notUTF8(line: validator.line, format: collector.formatName) }
        try parse(XMLParser(data: data), into: collector)
    }

    private static func parse(_ parser: XMLParser, into collector: ExportXMLCollector) throws(ImportFileError) {
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
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
    }

    static func notUTF8(line: Int, format: String) -> ImportFileError {
        ImportFileError(line: line, problem: "not UTF-8 (\(format) exports are UTF-8; was the file converted or cut?)")
    }

    /// A `<!DOCTYPE` anywhere before the content (ASCII, any case) ends the import unread.
    static func refuseDoctype(in prolog: Data, format: String) throws(ImportFileError) {
        let bytes = [UInt8](prolog)
        let marker = Array("<!doctype".utf8)
        guard bytes.count >= marker.count else { return }
        for start in 0...(bytes.count - marker.count) where bytes[start] == UInt8(ascii: "<") {
            let window = bytes[start..<(start + marker.count)].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
            if window.elementsEqual(marker) {
                let line = bytes[..<start].filter { $0 == 0x0A }.count + 1
                throw ImportFileError(line: line, problem: "a DOCTYPE: \(format) exports have none, and one may declare entities")
            }
        }
    }
}

/// The SAX side every export shares: the element path, each element's text up to its limit,
/// and the refusals. A format's collector overrides `didStart` and `didEnd`. Used on one
/// thread, by one parse.
class ExportXMLCollector: NSObject, XMLParserDelegate {
    /// The engine, for messages ("WordPress").
    let formatName: String
    let fieldBytes: Int
    var refusal: ImportFileError?
    /// The root element closed: the file was not cut short.
    private(set) var closedRoot = false
    /// The open elements, the root first.
    private(set) var path: [String] = []
    private var text = Data()
    private var textLimit = 0

    init(formatName: String, fieldBytes: Int) {
        self.formatName = formatName
        self.fieldBytes = fieldBytes
    }

    /// The largest text `element` may hold.
    func limit(for element: String) -> Int { fieldBytes }
    /// `name` opened (it is `path.last` already).
    func didStart(_ name: String, attributes: [String: String]) {}
    /// `name` closed with this text (it is still `path.last`).
    func didEnd(_ name: String, value: String) {}

    final func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                      attributes: [String: String] = [:]) {
        path.append(name)
        text.removeAll(keepingCapacity: true)
        textLimit = limit(for: name)
        didStart(name, attributes: attributes)
    }

    final func parser(_ parser: XMLParser, foundCharacters string: String) {
        append(Data(string.utf8), parser)
    }

    final func parser(_ parser: XMLParser, foundCDATA block: Data) {
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

    final func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let value = String(decoding: text, as: UTF8.self)
        text.removeAll(keepingCapacity: true)
        didEnd(name, value: value)
        path.removeLast()
        if path.isEmpty { closedRoot = true }
    }

    // Entity declarations can only come from a DOCTYPE, which is refused before parsing; if
    // one is reported anyway, the parse stops.
    final func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        refuse(parser, "an entity declaration (\(name))")
    }

    final func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        refuse(parser, "an external entity declaration (\(name))")
    }

    final func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? { nil }

    private func refuse(_ parser: XMLParser, _ problem: String) {
        guard refusal == nil else { return }
        refusal = ImportFileError(line: parser.lineNumber, problem: problem)
        parser.abortParsing()
    }
}
