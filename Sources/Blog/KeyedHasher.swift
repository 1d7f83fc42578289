import Crypto
import Foundation

/// HMAC-SHA256 under the installation's secret: hashes that recognise a returning commenter or
/// a client without storing the address, and that nobody without the secret can reverse by
/// guessing addresses.
public struct KeyedHasher: Sendable {
    private let keyed: KeyedMAC

    public init(secret: [UInt8]) {
        keyed = KeyedMAC(key: secret)
    }

    /// HMAC-SHA256 of `purpose` and `parts`, each after a NUL byte; the first 16 bytes in hex.
    public func hash(_ purpose: String, _ parts: String...) -> String {
        var inner = keyed.inner
        Self.absorb(purpose, into: &inner)
        for part in parts {
            withUnsafeBytes(of: UInt8(0)) { inner.update(bufferPointer: $0) }
            Self.absorb(part, into: &inner)
        }
        var outer = keyed.outer
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return Self.hex(outer.finalize().prefix(16))
    }

    /// The string's UTF-8 bytes straight from its storage, in one call.
    private static func absorb(_ text: String, into digest: inout SHA256) {
        var text = text
        text.withUTF8 { digest.update(bufferPointer: UnsafeRawBufferPointer($0)) }
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

    /// What makes two comments the same for duplicate detection: one article, one address in
    /// any case, one text (keyed, so the stored value reveals none of them).
    public func commentFingerprint(articleID: Int, email: String, body: String) -> String {
        hash("duplicate", String(articleID), email.lowercased(), body)
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

/// HMAC-SHA256 (RFC 2104) with the key already absorbed: both padded key blocks are hashed
/// once, here, and every hash continues from copies of the two states. swift-crypto's `HMAC`
/// gives the same values, but only takes input through `DataProtocol`'s generic region walk,
/// which cost more per comment than SHA-256 itself. The digests copy their context before the
/// first write to a shared one, so these values are never mutated after `init` and may be
/// read from any thread (`SHA256` is not marked Sendable).
private struct KeyedMAC: @unchecked Sendable {
    let inner: SHA256
    let outer: SHA256

    init(key: [UInt8]) {
        let blockSize = 64 // SHA-256's block, in bytes
        var block = key.count > blockSize ? Array(SHA256.hash(data: key)) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        var inner = SHA256(), outer = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        outer.update(data: block.map { $0 ^ 0x5C })
        self.inner = inner
        self.outer = outer
    }
}
