import Foundation

/// The installation's secret (keyed hashes of emails and client addresses): 32 random bytes,
/// created on first start next to the database, readable by its owner only (0600).
public enum Secrets {
    public static func loadOrCreate(nextTo databasePath: String) throws -> [UInt8] {
        let directory = (databasePath as NSString).deletingLastPathComponent
        let path = (directory.isEmpty ? "." : directory) + "/feder.key"
        if let data = FileManager.default.contents(atPath: path), data.count >= 32 {
            return [UInt8](data)
        }
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            // Another process created it first: use theirs.
            if let data = FileManager.default.contents(atPath: path), data.count >= 32 { return [UInt8](data) }
            throw ConfigError(key: path, problem: "cannot create the secret key file")
        }
        defer { close(fd) }
        guard write(fd, bytes, bytes.count) == bytes.count else {
            throw ConfigError(key: path, problem: "cannot write the secret key file")
        }
        return bytes
    }
}
