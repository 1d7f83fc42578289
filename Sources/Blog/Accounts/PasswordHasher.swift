import Crypto
import Foundation
import _CryptoExtras

/// Passwords kept as scrypt hashes (RFC 7914) in a self-describing text:
/// `$scrypt$ln=15,r=8,p=1$SALT$HASH` (base64, 16 bytes of salt, 32 of hash). The parameters
/// travel with each hash, so stronger ones apply to new passwords without a migration, and a
/// stored hash with weaker ones than today's still verifies (`needsRehash` says so).
///
/// N = 2^15, r = 8, p = 1 is scrypt's recommendation for interactive logins: 32 MiB and about
/// 100 ms of one core per attempt here. That cost is what makes a stolen database slow to
/// guess through, and why sign-in is throttled before it is hashed (`SignInThrottle`).
public struct PasswordHasher: Sendable {
    public struct Parameters: Sendable, Equatable {
        /// log2 of scrypt's N (CPU and memory cost).
        public var logN: Int
        public var blockSize: Int
        public var parallelism: Int

        public static let standard = Parameters(logN: 15, blockSize: 8, parallelism: 1)
        /// For tests only: hashing in microseconds keeps a suite with many sign-ins fast.
        public static let fastForTests = Parameters(logN: 4, blockSize: 8, parallelism: 1)

        public init(logN: Int, blockSize: Int, parallelism: Int) {
            self.logN = logN
            self.blockSize = blockSize
            self.parallelism = parallelism
        }

        /// What scrypt needs in memory, with room for BoringSSL's own bookkeeping.
        var memory: Int { 128 * blockSize * (1 << logN) * (parallelism + 1) + 1 << 20 }
    }

    public let parameters: Parameters

    public init(parameters: Parameters = .standard) {
        self.parameters = parameters
    }

    public func hash(_ password: String) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        let derived = try Self.derive(password, salt: salt, parameters: parameters)
        return "$scrypt$ln=\(parameters.logN),r=\(parameters.blockSize),p=\(parameters.parallelism)$"
            + Data(salt).base64EncodedString() + "$" + Data(derived).base64EncodedString()
    }

    /// Whether `password` is the one `encoded` was made from; compared in constant time.
    /// A malformed hash verifies nothing.
    public func verify(_ password: String, against encoded: String) -> Bool {
        guard let stored = Self.parse(encoded),
              let derived = try? Self.derive(password, salt: stored.salt, parameters: stored.parameters) else { return false }
        return Self.constantTimeEquals(derived, stored.hash)
    }

    /// Whether a stored hash was made with weaker parameters than today's.
    public func needsRehash(_ encoded: String) -> Bool {
        guard let stored = Self.parse(encoded) else { return true }
        return stored.parameters.logN < parameters.logN || stored.parameters.blockSize < parameters.blockSize
    }

    /// A hash of a password nobody has: unknown accounts are verified against it, so they
    /// take as long to refuse as a wrong password (no timing tells which addresses exist).
    public func decoy() -> String {
        (try? hash("decoy for unknown accounts")) ?? ""
    }

    static func derive(_ password: String, salt: [UInt8], parameters: Parameters) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: 32,
                                           rounds: 1 << parameters.logN, blockSize: parameters.blockSize,
                                           parallelism: parameters.parallelism, maxMemory: parameters.memory)
        return key.withUnsafeBytes { Array($0) }
    }

    static func parse(_ encoded: String) -> (parameters: Parameters, salt: [UInt8], hash: [UInt8])? {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else { return nil }
        var values: [Substring: Int] = [:]
        for setting in parts[2].split(separator: ",") {
            let pair = setting.split(separator: "=")
            guard pair.count == 2, let value = Int(pair[1]) else { return nil }
            values[pair[0]] = value
        }
        // Bounds keep a tampered row from asking for gigabytes or hours.
        guard let logN = values["ln"], (1...20).contains(logN), let r = values["r"], (1...32).contains(r),
              let p = values["p"], (1...4).contains(p),
              let salt = Data(base64Encoded: String(parts[3])), let hash = Data(base64Encoded: String(parts[4])),
              salt.count >= 8, hash.count == 32 else { return nil }
        let parameters = Parameters(logN: logN, blockSize: r, parallelism: p)
        guard parameters.memory <= 1 << 30 else { return nil } // a GiB at most, whatever a row says
        return (parameters, [UInt8](salt), [UInt8](hash))
    }

    /// Equal bytes, taking the same time wherever the first difference is.
    public static func constantTimeEquals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }
}
