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
        // Foundation detects UTF-16/32, whose bytes the structure scan would misread (fuzzing).
        guard !bytes.contains(0) else { throw .malformed }
        let structure = JSONStructure(scanning: bytes)
        guard structure.depth <= maxDepth else { throw .tooDeep }
        guard let value = try? JSONSerialization.jsonObject(with: Data(bytes), options: []) else { throw .malformed }
        guard let object = value as? [String: Any] else { throw .notAnObject }
        if let key = structure.duplicateKey { throw .duplicateKey(key) }
        return object
    }
}
