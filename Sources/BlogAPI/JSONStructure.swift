/// One pass over the bytes of a JSON text, outside its strings: how deeply arrays and objects
/// nest, and the first key an object names twice.
///
/// The depth is checked before Foundation parses the text, so no nesting can exhaust its stack.
/// Duplicate keys are refused after: Foundation keeps the last of them silently, while the form
/// refuses a field sent twice, so the same post would mean two things (issue #13). Keys are
/// compared with their escapes decoded (`"a"` and `"\u0061"` are one key); string values are
/// only skipped. Malformed text gives some answer here and is refused by the parser.
struct JSONStructure {
    /// The deepest nesting reached (closing brackets count down, also past zero).
    private(set) var depth = 0
    private(set) var duplicateKey: String?

    /// An open object or array, mutated in place through the stack: matching a frame out and
    /// writing it back copied its set on every key, which made a 100 KB body of distinct keys
    /// take a second (found in review).
    private struct Frame {
        let isObject: Bool
        var keys: Set<String> = []
        var expectingKey: Bool
    }

    init(scanning bytes: [UInt8]) {
        var level = 0
        var stack: [Frame] = []
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                let end = Self.endOfString(in: bytes, from: index + 1)
                if let top = stack.indices.last, stack[top].isObject, stack[top].expectingKey {
                    stack[top].expectingKey = false
                    if duplicateKey == nil, end <= bytes.count, let key = Self.decodedKey(bytes[(index + 1)..<(end - 1)]),
                       !stack[top].keys.insert(key).inserted {
                        duplicateKey = key
                    }
                }
                index = end
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                level += 1
                depth = max(depth, level)
                stack.append(Frame(isObject: bytes[index] == UInt8(ascii: "{"), expectingKey: bytes[index] == UInt8(ascii: "{")))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                level -= 1
                _ = stack.popLast()
            case UInt8(ascii: ","):
                if let top = stack.indices.last, stack[top].isObject { stack[top].expectingKey = true }
            default: break
            }
            index += 1
        }
    }

    /// The index after the closing quote of a string whose text starts at `start`; past the end
    /// (`bytes.count + 1`) when it never closes. A backslash escapes the byte after it.
    private static func endOfString(in bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""): return index + 1
            case UInt8(ascii: "\\"): index += 2
            default: index += 1
            }
        }
        return bytes.count + 1
    }

    /// A key's text with its escapes decoded; nil for a malformed escape (the parser refuses it).
    private static func decodedKey(_ bytes: ArraySlice<UInt8>) -> String? {
        var units: [UInt16] = []
        var raw: [UInt8] = []
        func flushRaw() {
            units.append(contentsOf: String(decoding: raw, as: UTF8.self).utf16)
            raw.removeAll()
        }
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                raw.append(byte)
                index += 1
                continue
            }
            flushRaw()
            guard index + 1 < bytes.endIndex else { return nil }
            let escaped = bytes[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "u"):
                guard index + 4 <= bytes.endIndex,
                      let unit = UInt16(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else { return nil }
                units.append(unit)
                index += 4
            case UInt8(ascii: "n"): units.append(0x0A)
            case UInt8(ascii: "t"): units.append(0x09)
            case UInt8(ascii: "r"): units.append(0x0D)
            case UInt8(ascii: "b"): units.append(0x08)
            case UInt8(ascii: "f"): units.append(0x0C)
            default: units.append(UInt16(escaped)) // \" \\ \/ (anything else is refused by the parser)
            }
        }
        flushRaw()
        return String(decoding: units, as: UTF16.self)
    }
}
