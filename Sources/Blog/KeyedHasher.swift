import Crypto
import Foundation

/// HMAC-SHA256 under the installation's secret: hashes that recognise a returning commenter or
/// a client without storing the address, and that nobody without the secret can reverse by
/// guessing addresses.
public struct KeyedHasher: Sendable {
    private let keyed: KeyedMAC

    public init(secret: [UInt8]) {
        keyed = KeyedMAC(mac: HMAC<SHA256>(key: SymmetricKey(data: secret)))
    }

    public func hash(_ purpose: String, _ parts: String...) -> String {
        var mac = keyed.mac
        Self.absorb(purpose, into: &mac)
        for part in parts {
            withUnsafeBytes(of: UInt8(0)) { mac.update(data: $0) }
            Self.absorb(part, into: &mac)
        }
        return Self.hex(mac.finalize().prefix(16))
    }

    /// The string's UTF-8 bytes straight from its storage, as one region: a fresh array per part
    /// went through `DataProtocol`'s region walk and cost more than SHA-256 itself.
    private static func absorb(_ text: String, into mac: inout HMAC<SHA256>) {
        var text = text
        text.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
    }

    /// Lowercase hex without `String(format:)`, which costs more than the HMAC itself.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(32)
        for byte in bytes {
            result.append(hexDigit(byte >> 4))
            result.append(hexDigit(byte & 0x0F))
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    public func emailHash(_ email: String) -> String {
        hash("email", CommentDraft.trim(email).lowercased())
    }

    public func clientHash(_ address: String) -> String {
        hash("client", address)
    }

    /// Constant-time comparison of two secrets (admin token), so timing reveals nothing.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(SHA256.hash(data: Data(lhs.utf8))), right = Array(SHA256.hash(data: Data(rhs.utf8)))
        var difference: UInt8 = 0
        for (a, b) in zip(left, right) { difference |= a ^ b }
        return difference == 0
    }
}

/// An HMAC with the key already absorbed: keying hashes two pad blocks, which costs as much as
/// a short message, so it is done once. Every hash works on its own copy; swift-crypto's
/// digests copy their context before the first write to a shared one, so this value is never
/// mutated after `init` and may be read from any thread (HMAC itself is not marked Sendable).
private struct KeyedMAC: @unchecked Sendable {
    let mac: HMAC<SHA256>
}
