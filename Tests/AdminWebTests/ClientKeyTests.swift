@testable import AdminWeb
import Testing

@Suite struct ClientKeyTests {
    @Test func anIPv6NetworkCountsAsOneClient() {
        #expect(ClientKey.forThrottle("2001:db8:1:2::1") == ClientKey.forThrottle("2001:db8:1:2:ffff:eeee:dddd:cccc"))
        #expect(ClientKey.forThrottle("2001:db8:1:2::1") != ClientKey.forThrottle("2001:db8:1:3::1"))
        #expect(ClientKey.forThrottle("2001:db8:1:2::1") == "2001:db8:1:2::/64")
        #expect(ClientKey.forThrottle("::ffff:192.0.2.7") == "192.0.2.7")
        #expect(ClientKey.forThrottle("192.0.2.7") == "192.0.2.7")
        #expect(ClientKey.forThrottle("not an address") == "not an address")
    }
}
