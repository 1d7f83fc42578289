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
        mac.update(data: Array(purpose.utf8))
        for part in parts {
            mac.update(data: [0])
            mac.update(data: Array(part.utf8))
        }
        return Self.hex(mac.finalize().prefix(16))
    }

    /// Lowercase hex without `String(format:)`, which costs more than the HMAC itself.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result: [UInt8] = []
        result.reserveCapacity(32)
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
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
