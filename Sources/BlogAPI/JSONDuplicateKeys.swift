/// Finds a key that an object of a JSON text names twice. Foundation keeps the last of them
/// silently, while the form refused a field sent twice, so the same post meant two things
/// (issue #13). Keys are compared after their escapes are decoded (`"a"` and `"\u0061"` are
/// one key). Only a scan: malformed text gives nil here and is refused by the parser after.
enum JSONDuplicateKeys {
    /// An open object or array. Mutated in place through the stack (`stack[last].keys.insert`):
    /// matching a frame out of the stack and writing it back copied its set on every key, which
    /// made a 100 KB body of distinct keys take a second (found in review).
    private struct Frame {
        let isObject: Bool
        var keys: Set<String> = []
        var expectingKey: Bool
    }

    static func first(in bytes: [UInt8]) -> String? {
        var stack: [Frame] = []
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                guard let (text, end) = string(in: bytes, from: index + 1) else { return nil }
                index = end
                let top = stack.count - 1
                if top >= 0, stack[top].isObject, stack[top].expectingKey {
                    guard stack[top].keys.insert(text).inserted else { return text }
                    stack[top].expectingKey = false
                }
                continue
            case UInt8(ascii: "{"): stack.append(Frame(isObject: true, expectingKey: true))
            case UInt8(ascii: "["): stack.append(Frame(isObject: false, expectingKey: false))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = stack.popLast()
            case UInt8(ascii: ","):
                if let top = stack.indices.last, stack[top].isObject { stack[top].expectingKey = true }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// The decoded string that starts after an opening quote at `start`, and the index after its
    /// closing quote; nil when it never closes.
    private static func string(in bytes: [UInt8], from start: Int) -> (String, Int)? {
        var units: [UInt16] = []
        var raw: [UInt8] = []
        var index = start
        func flushRaw() {
            units.append(contentsOf: String(decoding: raw, as: UTF8.self).utf16)
            raw.removeAll()
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flushRaw()
                return (String(decoding: units, as: UTF16.self), index + 1)
            }
            guard byte == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                raw.append(byte)
                index += 1
                continue
            }
            flushRaw()
            let escaped = bytes[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "u"):
                guard index + 4 <= bytes.count, let unit = UInt16(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
                else { return nil }
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
        return nil
    }
}
