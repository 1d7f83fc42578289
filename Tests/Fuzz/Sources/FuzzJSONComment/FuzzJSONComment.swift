import Blog
import BlogAPI
import Foundation
import FuzzSupport

/// A JSON comment body: `JSONBody.object` (bounded nesting, then Foundation), the API's field
/// extraction, validation and rendering. Invariants: no crash or stack exhaustion on any
/// nesting, an accepted body is never nested deeper than `JSONBody.maxDepth`, and the
/// comment text renders only safe markup.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = bytes(data, size)
    guard let object = try? JSONBody.object(from: body) else { return 0 }
    let depth = nesting(object)
    invariant(depth <= JSONBody.maxDepth, "accepted a body nested \(depth) deep")
    func field(_ name: String) -> String {
        switch object[name] {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: ""
        }
    }
    checkDraft(CommentDraft(name: field("name"), email: field("email"), website: field("website"),
                            body: field("body"), parentID: field("parent_id"), honeypot: field("homepage")))
    return 0
}

/// Nesting depth of a Foundation JSON value (an object or array counts one level).
func nesting(_ value: Any) -> Int {
    switch value {
    case let object as [String: Any]: 1 + (object.values.map(nesting).max() ?? 0)
    case let array as [Any]: 1 + (array.map(nesting).max() ?? 0)
    default: 0
    }
}

@_cdecl("FuzzJSONComment_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzz)
}
