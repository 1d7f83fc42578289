import Crypto
import Foundation

/// HMAC-SHA256 under the installation's secret: hashes that recognise a returning commenter or
/// a client without storing the address, and that nobody without the secret can reverse by
/// guessing addresses.
public struct KeyedHasher: Sendable {
    private let secret: [UInt8]

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    public func hash(_ purpose: String, _ parts: String...) -> String {
        var message = Data(purpose.utf8)
        for part in parts {
            message.append(0)
            message.append(contentsOf: part.utf8)
        }
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return Self.hex(code.prefix(16))
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
        hash("email", email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
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
