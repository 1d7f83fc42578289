import Foundation
import HTTPTestSupport
import Testing
@testable import HTTPServer

/// A temporary folder holding `root/` (served) and `outside/` (must never be served).
final class StaticFixture: Sendable {
    let base: URL
    let root: URL
    let outside: URL

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("feder-static-\(UUID().uuidString)")
        root = base.appendingPathComponent("root")
        outside = base.appendingPathComponent("outside")
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("css/sub"), withIntermediateDirectories: true)
        try manager.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try manager.createDirectory(at: outside, withIntermediateDirectories: true)
        try write("body { color: red }", to: "css/site.css")
        try write("deep", to: "css/sub/deep.txt")
        try write("console.log(1)", to: "app.js")
        try write("{}", to: "data.json")
        try write("PNG", to: "logo.png")
        try write("<svg/>", to: "icon.svg")
        try write("wOF2", to: "font.woff2")
        try write("blob", to: "file.unknownext")
        try write("secret", to: ".env")
        try write("[core]", to: ".git/config")
        try "outside secret".write(to: outside.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("escape.txt").path,
                                       withDestinationPath: outside.appendingPathComponent("secret.txt").path)
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("escapedir").path,
                                       withDestinationPath: outside.path)
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("alias.css").path,
                                       withDestinationPath: root.appendingPathComponent("css/site.css").path)
    }

    deinit { try? FileManager.default.removeItem(at: base) }

    func write(_ text: String, to relativePath: String) throws {
        try text.write(to: root.appendingPathComponent(relativePath), atomically: true, encoding: .utf8)
    }
}

@Suite("StaticFiles")
struct StaticFilesTests {
    let fixture: StaticFixture
    let files: StaticFiles

    init() throws {
        fixture = try StaticFixture()
        files = StaticFiles(root: fixture.root.path)
    }

    private func get(_ path: String, query: String = "") -> HTTPResponse {
        files.response(for: path, fingerprinted: query.contains("v="))
    }

    @Test(arguments: [("css/site.css", "text/css; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8"),
                      ("data.json", "application/json; charset=utf-8"), ("logo.png", "image/png"),
                      ("icon.svg", "image/svg+xml"), ("font.woff2", "font/woff2"),
                      ("css/sub/deep.txt", "text/plain; charset=utf-8"), ("file.unknownext", "application/octet-stream")])
    func contentTypes(path: String, type: String) {
        let response = get(path)
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == type) // `nosniff` comes from the SecurityHeaders middleware
    }

    @Test func validatorsAndCaching() throws {
        let response = get("css/site.css")
        #expect(response.text == "body { color: red }")
        #expect(response.headers["ETag"] == ConditionalResponse.etag(for: Array("body { color: red }".utf8)))
        let modified = try #require(response.headers["Last-Modified"])
        #expect(HTTPDate.parse(modified) != nil)
        #expect(response.headers["Cache-Control"] == "public, max-age=86400")
        #expect(get("css/site.css", query: "?v=abc").headers["Cache-Control"] == "public, max-age=31536000, immutable")
    }

    /// Checklist A8: `..`, hidden files, NUL, backslashes and empty segments are refused.
    @Test(arguments: ["../outside/secret.txt", "css/../../outside/secret.txt", "..", ".", "css/./site.css",
                      ".env", ".git/config", "css/.hidden", "", "css//site.css", "/css/site.css", "css/site.css\0",
                      "css\\site.css", "%2e%2e/outside/secret.txt", "css", "missing.css"])
    func refusedPaths(path: String) {
        #expect(get(path).status == .notFound)
    }

    /// A symlink inside the root that points outside it is never followed out (A8).
    @Test func symlinksEscapingTheRootAreRefused() {
        #expect(get("escape.txt").status == .notFound)
        #expect(get("escapedir/secret.txt").status == .notFound)
    }

    /// Found by FuzzStaticPath: "/" followed by a combining mark is one Character, so a
    /// Character-level prefix check refused a file whose name starts with one.
    @Test func fileNamesStartingWithACombiningMarkAreServed() throws {
        try fixture.write("mark", to: "\u{20E4}note.txt")
        #expect(get("\u{20E4}note.txt").status == .ok)
    }

    @Test func symlinksInsideTheRootAreServed() {
        let response = get("alias.css")
        #expect(response.status == .ok)
        #expect(response.text == "body { color: red }")
    }

    /// J18 through the router: the decoded `..` segments reach the file layer and are refused there.
    @Test func encodedTraversalThroughTheRouter() {
        let files = self.files
        let responder = testEndpoint { route in
            guard case .staticFile(let path) = route else { return .worker { _ in .text("other") } }
            return .worker { _ in files.response(for: path, fingerprinted: false) }
        }
        for target in ["/static/%2e%2e/%2e%2e/etc/passwd", "/static/%2e%2e/outside/secret.txt", "/static/..%2foutside%2fsecret.txt",
                       "/static/css/%2e%2e/%2e%2e/outside/secret.txt"] {
            let response = responder.response(to: HTTPRequest(method: "GET", target: target))
            #expect([404, 400].contains(response.status.code), "\(target)")
            #expect(!response.text.contains("secret"), "\(target)")
            #expect(!response.text.contains("root:"), "\(target)")
        }
        #expect(responder.response(to: HTTPRequest(method: "GET", target: "/static/css/site.css")).status == .ok)
    }
}

/// A folder others' files were copied into (imported media): raster images only, sandboxed,
/// and only as much kept in memory as the budget allows.
@Suite struct StaticFilesImagesOnlyTests {
    @Test func onlyRasterImagesAreServedAndEachIsSandboxed() throws {
        let fixture = try StaticFixture()
        let media = StaticFiles(root: fixture.root.path, imagesOnly: true)
        let image = media.response(for: "logo.png", fingerprinted: false)
        #expect(image.status == .ok && image.headers["Content-Security-Policy"] == "default-src 'none'; sandbox")
        for path in ["icon.svg", "app.js", "data.json", "css/site.css", "file.unknownext", "escape.txt"] {
            #expect(media.response(for: path, fingerprinted: false).status == .notFound, "\(path)")
        }
        #expect(StaticFiles(root: fixture.root.path).response(for: "logo.png", fingerprinted: false)
            .headers["Content-Security-Policy"] == nil, "the theme's own files are not sandboxed")
    }

    @Test func filesPastTheMemoryBudgetAreReadEachTime() throws {
        let fixture = try StaticFixture()
        let media = StaticFiles(root: fixture.root.path, imagesOnly: true, cacheBytes: 0)
        #expect(media.response(for: "logo.png", fingerprinted: false).text == "PNG")
        try fixture.write("PNG2", to: "logo.png")
        #expect(media.response(for: "logo.png", fingerprinted: false).text == "PNG2", "not kept: read again")
    }
}
