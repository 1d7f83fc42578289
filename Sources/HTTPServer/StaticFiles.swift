import Foundation

/// Serves files under one folder: the decoded path is checked segment by segment
/// (no `..`, no hidden files, no NUL or backslash), then the resolved path must still be
/// inside the root. Files are read once and kept in memory (the theme's assets are small).
public final class StaticFiles: Sendable {
    private let root: String
    private let cache: FileCache
    private let imagesOnly: Bool
    /// Files above this size are not served (nothing in a theme should be that large).
    public static let maxFileSize = 8 * 1024 * 1024
    /// The raster image types (no SVG, which can carry script): all a media folder serves.
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "webp", "avif"]

    /// `imagesOnly`: serve files of `imageExtensions` alone, as a sandboxed document should one
    /// be opened by itself (a folder that others' files were copied into, such as imported media).
    /// `cacheBytes`: how much of the folder is kept in memory; files past it are read per request.
    public init(root: String, imagesOnly: Bool = false, cacheBytes: Int = 64 * 1024 * 1024) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
        self.imagesOnly = imagesOnly
        cache = FileCache(byteBudget: cacheBytes)
    }

    /// The response for `relativePath` (already percent-decoded per segment), or a 404.
    /// `fingerprinted`: the URL names the file's version (`?v=`), so it is cached for a year,
    /// immutable.
    public func response(for relativePath: String, fingerprinted: Bool) -> HTTPResponse {
        guard let file = load(relativePath) else {
            return HTTPResponse.text("Not Found\n", status: .notFound)
        }
        var response = HTTPResponse(contentType: file.contentType, body: file.bytes)
        if imagesOnly { response.headers.set("Content-Security-Policy", "default-src 'none'; sandbox") }
        response.headers.set("ETag", file.etag)
        response.headers.set("Last-Modified", file.lastModified)
        response.headers.set("Cache-Control", fingerprinted ? "public, max-age=31536000, immutable" : "public, max-age=86400")
        return response
    }

    struct File: Sendable {
        let bytes: [UInt8]
        let contentType: String
        let etag: String
        let lastModified: String
    }

    private func load(_ relativePath: String) -> File? {
        let segments = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.isEmpty, segments.allSatisfy({ segment in
            !segment.isEmpty && !segment.hasPrefix(".") && !segment.contains("\0") && !segment.contains("\\")
        }) else { return nil }
        if imagesOnly, !Self.imageExtensions.contains((relativePath as NSString).pathExtension.lowercased()) { return nil }
        if let cached = cache.get(relativePath) { return cached }
        let path = URL(fileURLWithPath: root + "/" + relativePath).standardizedFileURL.resolvingSymlinksInPath().path
        // Bytes, not Characters: "/" followed by a combining mark is one Character in Swift.
        guard path.utf8.starts(with: (root + "/").utf8),
              let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size <= Self.maxFileSize,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        let modified = (attributes[.modificationDate] as? Date) ?? Date()
        let file = File(bytes: bytes, contentType: Self.contentType(for: path), etag: ConditionalResponse.etag(for: bytes),
                        lastModified: HTTPDate.format(secondsSince1970: Int(modified.timeIntervalSince1970)))
        cache.set(relativePath, file)
        return file
    }

    static func contentType(for path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "json": "application/json; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "avif": "image/avif"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "woff": "font/woff"
        case "txt": "text/plain; charset=utf-8"
        case "xml": "application/xml; charset=utf-8"
        case "html": "text/html; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

/// Loaded static files by relative path, up to a byte budget (a theme fits whole; a media
/// folder may not). Guarded by its lock.
private final class FileCache: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [String: StaticFiles.File] = [:]
    private var bytes = 0
    private let byteBudget: Int

    init(byteBudget: Int) {
        self.byteBudget = byteBudget
    }

    func get(_ key: String) -> StaticFiles.File? {
        lock.lock()
        defer { lock.unlock() }
        return files[key]
    }

    func set(_ key: String, _ file: StaticFiles.File) {
        lock.lock()
        defer { lock.unlock() }
        guard files[key] == nil, files.count < 4096, bytes + file.bytes.count <= byteBudget else { return }
        files[key] = file
        bytes += file.bytes.count
    }
}
