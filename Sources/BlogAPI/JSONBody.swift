import Foundation

/// Reading JSON request bodies: bounded nesting first (no stack exhaustion), then Foundation.
public enum JSONBody {
    public static let maxDepth = 32

    public enum Failure: Error, Equatable {
        case malformed
        case tooDeep
        case notAnObject
        /// An object names this key twice.
        case duplicateKey(String)
    }

    /// Parses a body that must be a JSON object.
    public static func object(from bytes: [UInt8]) throws(Failure) -> [String: Any] {
        // RFC 8259 §8.1: UTF-8 only. A NUL byte is never valid UTF-8 JSON, but it is how
        // Foundation detects UTF-16/32, whose bytes `depth(of:)` would misread (fuzzing).
        guard !bytes.contains(0) else { throw .malformed }
        guard depth(of: bytes) <= maxDepth else { throw .tooDeep }
        guard let value = try? JSONSerialization.jsonObject(with: Data(bytes), options: []) else { throw .malformed }
        guard let object = value as? [String: Any] else { throw .notAnObject }
        if let key = JSONDuplicateKeys.first(in: bytes) { throw .duplicateKey(key) }
        return object
    }

    /// The deepest nesting of arrays and objects, ignoring brackets inside strings.
    static func depth(of bytes: [UInt8]) -> Int {
        var depth = 0, deepest = 0
        var inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == 92 { escaped = true } else if byte == 34 { inString = false }
                continue
            }
            switch byte {
            case 34: inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}
