import Glibc

/// Who a sign-in try comes from, for the throttle. An IPv6 client usually holds a whole /64
/// (and can pick any address in it), so its addresses count as one; IPv4 addresses count
/// alone.
enum ClientKey {
    static func forThrottle(_ address: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard address.contains(":"), inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        if bytes[0..<12].elementsEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]) { // ::ffff:a.b.c.d is IPv4
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }
}
