import Glibc

/// Bytes waiting to be written to one socket, in order; written with one `sendmsg` (head and body in one call).
struct OutputQueue {
    private var chunks: [[UInt8]] = []
    /// How much of `chunks[0]` has already been sent.
    private var offset = 0
    private(set) var byteCount = 0

    var isEmpty: Bool { chunks.isEmpty }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        chunks.append(bytes)
        byteCount += bytes.count
    }

    /// Sends as much as the socket takes. Returns the result of `sendmsg` (bytes or -1).
    mutating func send(to fd: Int32) -> Int {
        let count = min(chunks.count, 16)
        let sent: Int = withIOVectors(count: count) { vectors in
            var message = msghdr()
            message.msg_iov = vectors
            message.msg_iovlen = count
            // MSG_NOSIGNAL: a reset peer must not raise SIGPIPE.
            return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
        }
        if sent > 0 { consume(sent) }
        return sent
    }

    private func withIOVectors<R>(count: Int, _ body: (UnsafeMutablePointer<iovec>) -> R) -> R {
        let vectors = UnsafeMutablePointer<iovec>.allocate(capacity: count)
        defer { vectors.deallocate() }
        return recursePin(index: 0, count: count, vectors: vectors, body)
    }

    /// Pins each chunk's storage for the duration of the call (arrays may not escape their closure).
    private func recursePin<R>(index: Int, count: Int, vectors: UnsafeMutablePointer<iovec>,
                               _ body: (UnsafeMutablePointer<iovec>) -> R) -> R {
        if index == count { return body(vectors) }
        return chunks[index].withUnsafeBytes { raw in
            let start = index == 0 ? offset : 0
            vectors[index] = iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress! + start),
                                   iov_len: raw.count - start)
            return recursePin(index: index + 1, count: count, vectors: vectors, body)
        }
    }

    private mutating func consume(_ sent: Int) {
        var remaining = sent
        byteCount -= sent
        while remaining > 0 {
            let available = chunks[0].count - offset
            if remaining >= available {
                remaining -= available
                chunks.removeFirst()
                offset = 0
            } else {
                offset += remaining
                remaining = 0
            }
        }
    }
}
