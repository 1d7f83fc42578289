import Foundation
import FuzzSupport
import HTTPServer
import Routes

/// Static files behind the real route (`WebRoute.staticFile` → `StaticFiles`), against a
/// temporary tree whose root sits next to files it must never serve: a sibling folder whose
/// name extends the root's, a parent-level secret, symlinks pointing out, a hidden file.
/// Invariant: any 200 carries the bytes of a servable file inside the root;
/// and a path whose segments pass the checks stays inside the root once normalised.
struct Tree: Sendable {
    let base: String
    let root: String
    let servable: Set<[UInt8]>
    let files: StaticFiles

    static let shared: Tree = {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("feder-fuzz-\(getpid())").path
        let root = base + "/static"
        let files = [
            "static/site.css": "servable: css", "static/img/logo.svg": "servable: svg", "static/a b.txt": "servable: space",
            "static/.hidden": "SECRET hidden", "static/img/.env": "SECRET env", "secret.txt": "SECRET parent",
            "static-evil/x.txt": "SECRET sibling", "outside/deep.txt": "SECRET outside",
        ]
        for (path, content) in files {
            let url = URL(fileURLWithPath: base + "/" + path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(content.utf8).write(to: url)
        }
        try? FileManager.default.createSymbolicLink(atPath: root + "/out", withDestinationPath: "../outside")
        try? FileManager.default.createSymbolicLink(atPath: root + "/secret-link.txt", withDestinationPath: "../secret.txt")
        atexit { try? FileManager.default.removeItem(atPath: Tree.shared.base) }
        let servable = Set(files.filter { !$0.value.hasPrefix("SECRET") }.map { Array($0.value.utf8) })
        return Tree(base: base, root: root, servable: servable, files: StaticFiles(root: root))
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let tree = Tree.shared
    let suffix = String(decoding: bytes(data, size), as: UTF8.self)
    let target = "/static/" + suffix
    let request = HTTPRequest(method: "GET", target: target)
    guard let path = try? RequestPath(request), case .staticFile(let relative, let version)? = WebRoute(method: "GET", path: path)
    else { return 0 }
    let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
    if segments.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") && !$0.contains("\0") && !$0.contains("\\") }) {
        let normalised = URL(fileURLWithPath: tree.root + "/" + relative).standardizedFileURL.path
        invariant(normalised.utf8.starts(with: (tree.root + "/").utf8), "\(target.debugDescription) normalises to \(normalised)")
    }
    let response = tree.files.response(for: relative, fingerprinted: version != nil)
    if response.status == .ok {
        invariant(tree.servable.contains(response.body),
                  "\(target.debugDescription) served \(String(decoding: response.body, as: UTF8.self).debugDescription)")
    }
    return 0
}

@_cdecl("FuzzStaticPath_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
