import Foundation
import HTTPServer
import Mustache

/// The HTML theme: Mustache templates loaded once from a folder, plus fingerprinted URLs
/// of the stylesheet and script so browsers may cache them for a year.
public struct Theme: Sendable {
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    private let library: MustacheLibrary
    /// `/static/css/site.css?v=…` and friends.
    public let assets: [String: String]

    public static let requiredTemplates = ["layout", "home", "article", "archive", "search", "error"]

    public init(templatesPath: String, staticPath: String) throws {
        var library = MustacheLibrary()
        let root = URL(fileURLWithPath: templatesPath).standardizedFileURL.path
        guard let files = FileManager.default.enumerator(atPath: root) else {
            throw LoadError(description: "templates folder \(templatesPath) cannot be read")
        }
        for case let file as String in files where file.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            do {
                library.register(try MustacheTemplate(string: text), named: String(file.dropLast(".mustache".count)))
            } catch {
                throw LoadError(description: "template \(file) cannot be parsed: \(error)")
            }
        }
        for name in Self.requiredTemplates where library.getTemplate(named: name) == nil {
            throw LoadError(description: "template \(name).mustache is missing in \(templatesPath)")
        }
        self.library = library
        var assets: [String: String] = [:]
        for (key, path) in [("css", "css/site.css"), ("js", "js/site.js")] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: staticPath + "/" + path))).map { [UInt8]($0) } ?? []
            let tag = ConditionalResponse.etag(for: bytes).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            assets[key] = "/static/\(path)?v=\(tag.prefix(12))"
        }
        assets["themeCSS"] = "/theme.css"
        self.assets = assets
    }

    /// Renders a page template; the context is a dictionary of plain values and structs.
    public func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template) ?? ""
    }
}
